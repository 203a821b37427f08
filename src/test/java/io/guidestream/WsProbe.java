package io.guidestream;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test WebSocket client that queues everything it receives. It keeps a strong reference to its client: Vert.x 5
 * can collect an unreferenced client mid-handshake (STACK.md).
 */
public final class WsProbe implements AutoCloseable {
    /** A received message: text (parsed JSON) or a binary image frame (header + PNG). */
    public record Received(JsonNode json, JsonNode imageHeader, byte[] png) {
        public boolean isText() {
            return json != null;
        }

        public String type() {
            return json == null ? "image" : json.path("type").asText();
        }
    }

    private final WebSocketClient client;
    private final WebSocket socket;
    private final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    private WsProbe(WebSocketClient client, WebSocket socket) {
        this.client = client;
        this.socket = socket;
        socket.textMessageHandler(t -> {
            try {
                inbox.add(new Received(Json.MAPPER.readTree(t), null, null));
            } catch (Exception e) {
                throw new IllegalStateException("server sent invalid JSON: " + t, e);
            }
        });
        socket.binaryMessageHandler(b -> inbox.add(decodeImage(b)));
        socket.closeHandler(v -> closed = true);
    }

    public static WsProbe connect(Vertx vertx, int port) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocket ws = client.connect(port, "localhost", "/ws/generate").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        return new WsProbe(client, ws);
    }

    /** Connects from another loopback address ({@code 127.0.0.2}): another client of the same machine. */
    public static WsProbe connectFrom(Vertx vertx, int port, String localAddress) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setLocalAddress(localAddress));
        WebSocket ws = client.connect(port, "127.0.0.1", "/ws/generate").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        return new WsProbe(client, ws);
    }

    /** Connects as if through a proxy that names the client {@code forwardedFor} (X-Forwarded-For). */
    public static WsProbe connect(Vertx vertx, int port, String forwardedFor) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setPort(port).setHost("localhost")
                .setURI("/ws/generate").addHeader("X-Forwarded-For", forwardedFor);
        WebSocket ws = client.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new WsProbe(client, ws);
    }

    /** Connects with any options (headers such as Origin, a query string with an access token). */
    public static WsProbe connect(Vertx vertx, WebSocketConnectOptions options) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        try {
            WebSocket ws = client.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return new WsProbe(client, ws);
        } catch (Exception e) {
            client.close();
            throw e;
        }
    }

    /** The HTTP status with which the server refused the upgrade; fails if the upgrade succeeded. */
    public static int refusedStatus(Vertx vertx, WebSocketConnectOptions options) throws Exception {
        try (WsProbe ws = connect(vertx, options)) {
            throw new AssertionError("the server accepted a WebSocket it should refuse: " + options.getURI());
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof io.vertx.core.http.UpgradeRejectedException r) return r.getStatus();
            throw e;
        }
    }

    public static Received decodeImage(Buffer b) {
        int n = b.getInt(0);
        try {
            JsonNode header = Json.MAPPER.readTree(b.getString(4, 4 + n, StandardCharsets.UTF_8.name()));
            return new Received(null, header, b.getBytes(4 + n, b.length()));
        } catch (Exception e) {
            throw new IllegalStateException("bad image frame header", e);
        }
    }

    public void send(String text) {
        socket.writeTextMessage(text);
    }

    public void sendBinary(byte[] bytes) {
        socket.writeBinaryMessage(Buffer.buffer(bytes));
    }

    public Received next(long timeoutSeconds) throws InterruptedException {
        Received r = inbox.poll(timeoutSeconds, TimeUnit.SECONDS);
        if (r == null) throw new AssertionError("nothing received within " + timeoutSeconds + " s");
        return r;
    }

    /** The next text message, skipping (and discarding) images. */
    public JsonNode nextText(long timeoutSeconds) throws InterruptedException {
        while (true) {
            Received r = next(timeoutSeconds);
            if (r.isText()) return r.json();
        }
    }

    /** Takes everything received until nothing has arrived for {@code quietMs}; returns what it took. */
    public java.util.List<Received> drain(long quietMs) throws InterruptedException {
        java.util.List<Received> taken = new java.util.ArrayList<>();
        for (Received r; (r = inbox.poll(quietMs, TimeUnit.MILLISECONDS)) != null; ) taken.add(r);
        return taken;
    }

    public boolean isClosed() {
        return closed;
    }

    public WebSocket socket() {
        return socket;
    }

    @Override
    public void close() {
        socket.close();
        client.close();
    }
}
