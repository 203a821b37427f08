package io.guidestream.client;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestServer} and a {@link GuidestreamClient} connected to it, for a whole test class:
 * {@code @RegisterExtension static final ConnectedClient service = new ConnectedClient();}, then
 * {@code service.client()} and {@code service.server()}. Closed (client first) after the class's last test.
 */
final class ConnectedClient implements BeforeAllCallback, AfterAllCallback {
    private TestServer server;
    private GuidestreamClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestServer.start();
        client = GuidestreamClient.connect(server.uri());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (client != null) client.close();
        } finally {
            if (server != null) server.close();
        }
    }

    TestServer server() {
        return server;
    }

    GuidestreamClient client() {
        return client;
    }
}
