package io.guidestream;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A blocking HTTP helper for tests against the real server. */
public final class Http implements AutoCloseable {
    private final WebClient client;
    private final int port;

    public Http(Vertx vertx, int port) {
        // Idle pooled connections are dropped before the server's headers deadline (http.headersTimeoutMs) closes
        // them, so that no request is ever written to a connection the server is closing.
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAliveTimeout(5));
        this.port = port;
    }

    /** Status and parsed JSON body (null when the body is not JSON). */
    public record Reply(int status, JsonNode json, String body) {
    }

    public Reply get(String path) throws Exception {
        return reply(client.get(port, "localhost", path).send().toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS));
    }

    /** A POST with a JSON body, as every client of the API sends it. */
    public Reply post(String path, String body) throws Exception {
        return send(HttpMethod.POST, path, body, Map.of());
    }

    public Reply delete(String path) throws Exception {
        return send(HttpMethod.DELETE, path, null, Map.of());
    }

    /**
     * Any method, with extra headers (an {@code Authorization}, say); {@code body} may be null. A body is sent as
     * {@code application/json} unless {@code headers} name another {@code Content-Type}.
     */
    public Reply send(HttpMethod method, String path, String body, Map<String, String> headers) throws Exception {
        var request = client.request(method, port, "localhost", path);
        if (body != null) request.putHeader("Content-Type", "application/json");
        headers.forEach(request::putHeader);
        var future = body == null ? request.send() : request.sendBuffer(Buffer.buffer(body));
        return reply(future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    /** A POST of bytes as {@code application/octet-stream} (a model upload), with extra headers. */
    public Reply upload(String path, byte[] body, Map<String, String> headers) throws Exception {
        var request = client.request(HttpMethod.POST, port, "localhost", path)
                .putHeader("Content-Type", "application/octet-stream");
        headers.forEach(request::putHeader);
        return reply(request.sendBuffer(Buffer.buffer(body)).toCompletionStage().toCompletableFuture()
                .get(120, TimeUnit.SECONDS));
    }

    private static Reply reply(HttpResponse<Buffer> r) {
        String body = r.bodyAsString();
        JsonNode json = null;
        try {
            json = body == null ? null : Json.MAPPER.readTree(body);
        } catch (Exception e) {
            json = null;
        }
        return new Reply(r.statusCode(), json, body);
    }

    @Override
    public void close() {
        client.close();
    }
}
