package io.guidestream.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Await;
import io.guidestream.json.Json;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's connection handling against a scripted fake server (no models): URIs, headers, errors, close. */
class GuidestreamClientTest {
    private final Vertx vertx = Vertx.vertx();
    private final List<String> handshakes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A WebSocket server that records each handshake's path and Authorization header, and answers by script. */
    private int fakeServer(BiConsumer<ServerWebSocket, JsonNode> script) throws Exception {
        HttpServer server = vertx.createHttpServer().webSocketHandler(ws -> {
            handshakes.add(ws.path() + " " + ws.headers().get("Authorization"));
            ws.textMessageHandler(t -> {
                try {
                    script.accept(ws, Json.MAPPER.readTree(t));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        });
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
    }

    private static GenerateRequestSpec request() {
        return GenerateRequestSpec.builder("m").steps(3).build();
    }

    @Test
    void baseUrisGiveHostPortTlsAndPath() {
        try (GuidestreamClient c = GuidestreamClient.builder().uri(URI.create("wss://gs.example.org/api/")).build()) {
            assertEquals("wss://gs.example.org:443/api/ws/generate", c.options().describe());
            assertEquals("/api/api/models/m", c.options().get("/api/models/m").getURI(), "REST under the prefix");
        }
        try (GuidestreamClient c = GuidestreamClient.connect(URI.create("http://127.0.0.1:9000"))) {
            assertEquals("ws://127.0.0.1:9000/ws/generate", c.options().describe());
            assertEquals("/api/models/m", c.options().get("/api/models/m").getURI());
        }
        try (GuidestreamClient c = GuidestreamClient.connect(URI.create("ws://localhost/ws/generate"))) {
            assertEquals("ws://localhost:80/ws/generate", c.options().describe());
        }
        assertThrows(IllegalArgumentException.class, () -> GuidestreamClient.connect(URI.create("ftp://h/")));
    }

    @Test
    void serverErrorsEndTheStreamWithTheirCodeAndTheHandshakeCarriesTheToken() throws Exception {
        int port = fakeServer((ws, m) -> ws.writeTextMessage("{\"type\":\"error\",\"requestId\":\""
                + m.path("requestId").asText() + "\",\"code\":\"" + (m.path("model").asText().equals("m")
                ? "CAPACITY" : "TEAPOT") + "\",\"message\":\"full\"}"));
        try (GuidestreamClient c = GuidestreamClient.builder().vertx(vertx).port(port).host("127.0.0.1")
                .authToken("s3cret").build()) {
            GuidestreamException e = assertThrows(GuidestreamException.class,
                    () -> c.generate(request()).blockingLast());
            assertEquals(ErrorCode.CAPACITY, e.code());
            assertEquals("CAPACITY: full", e.getMessage());
            GuidestreamException unknown = assertThrows(GuidestreamException.class,
                    () -> c.generate(GenerateRequestSpec.builder("other").build()).blockingLast());
            assertEquals(ErrorCode.UNKNOWN, unknown.code());
            assertEquals("TEAPOT", unknown.wireCode());
        }
        assertEquals(List.of("/ws/generate Bearer s3cret"), handshakes, "one socket for both jobs");
    }

    @Test
    void reconnectingGivesUpWithConnectionLostAfterItsAttempts() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        try (GuidestreamClient c = GuidestreamClient.builder().vertx(vertx).host("127.0.0.1").port(port)
                .reconnect(2, Duration.ofMillis(10), Duration.ofMillis(20)).build()) {
            GuidestreamException e = assertThrows(GuidestreamException.class,
                    () -> c.generate(request()).blockingLast());
            assertEquals(ErrorCode.CONNECTION_LOST, e.code());
            assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
        }
    }

    @Test
    void aRefusedHandshakeFailsAtOnceWithForbidden() throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            handshakes.add(req.path());
            req.response().setStatusCode(401).end();
        });
        int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
        try (GuidestreamClient c = GuidestreamClient.builder().vertx(vertx).host("127.0.0.1").port(port).build()) {
            GuidestreamException e = assertThrows(GuidestreamException.class,
                    () -> c.generate(request()).blockingLast());
            assertEquals(ErrorCode.FORBIDDEN, e.code());
            assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
        }
        assertEquals(List.of("/ws/generate"), handshakes, "no retry of a refusal");
    }

    @Test
    void closingEndsRunningJobsWithClosedAndLaterOnesAtOnce() throws Exception {
        int port = fakeServer((ws, m) -> { }); // accepts the socket, never answers
        GuidestreamClient c = GuidestreamClient.builder().vertx(vertx).host("127.0.0.1").port(port).build();
        TestSubscriber<GenerationEvent> running = c.generate(request()).test();
        Await.until(() -> !handshakes.isEmpty(), Duration.ofSeconds(10), "no handshake");
        c.close();
        running.awaitDone(5, TimeUnit.SECONDS).assertError(e -> e instanceof GuidestreamException g
                && g.code() == ErrorCode.CLOSED);
        c.generate(request()).test().assertError(e -> e instanceof GuidestreamException g
                && g.code() == ErrorCode.CLOSED);
    }

    @Test
    void aNonPositiveRequestIsReportedToTheSubscriber() {
        TestSubscriber<GenerationEvent> ts = new TestSubscriber<>(0L);
        JobSubscription s = new JobSubscription(ts, () -> { });
        ts.onSubscribe(s);
        s.request(0);
        ts.assertError(IllegalArgumentException.class);
    }

    @Test
    void everyServerErrorCodeHasAClientCode() {
        for (io.guidestream.bus.ErrorCode code : io.guidestream.bus.ErrorCode.values()) {
            assertEquals(code.name(), ErrorCode.fromWire(code.name()).name());
        }
    }
}
