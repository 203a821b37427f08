package io.guidestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.RawHttp;
import io.guidestream.TestConfig;
import io.guidestream.TestModels;
import io.guidestream.WsProbe;
import io.guidestream.app.Launcher;
import io.guidestream.config.AppConfig;
import io.guidestream.config.LimitsConfig;
import io.guidestream.config.Role;
import io.guidestream.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection limits of docs/SECURITY.md under a bounded slowloris: a per-client cap on open connections, deadlines
 * for headers and bodies, an idle timeout, and a declared body over the limit refused at once. Attackers connect from
 * 127.0.0.1; the well-behaved client from 127.0.0.2, another address of the same machine, and is served throughout.
 * Before these limits, every slow connection below was held for as long as its client liked.
 */
class ConnectionLimitsTest {
    private static final int CAP = 50;
    /** Above the headers deadline: Vert.x's idle clock counts decoded messages, so trickled header bytes are idle. */
    private static final long IDLE_MS = 7_500;
    /**
     * Long enough for the other client's generation to finish while the slow connections are still held, and for the
     * server to count all {@link #CAP} of them before the first is cut off: at 3 s a busy full suite once saw the
     * first ones time out before the last was counted, so the count never reached the cap.
     */
    private static final long HEADERS_MS = 6_000;
    private static final long BODY_MS = 1_500;
    /** Timers fire on a loaded 2-core machine: generous slack above a deadline, a little below it. */
    private static final long SLACK_MS = 5_000;
    private static final String OTHER_CLIENT = "127.0.0.2";

    @TempDir
    static Path dir;
    static Vertx vertx;
    static Launcher.Running direct;
    static Launcher.Running proxied;

    @BeforeAll
    static void start() throws Exception {
        TestModels.registry(dir);
        vertx = Vertx.vertx();
        AppConfig config = TestConfig.of(EnumSet.of(Role.GATEWAY, Role.SAMPLER), dir, dir.resolve("runs"),
                List.of(TestModels.COND), LimitsConfig.defaults().withRequestsPerSecond(10_000));
        config = config.withHttp(config.http().withMaxConnectionsPerClient(CAP)
                .withTimeouts(IDLE_MS, HEADERS_MS, BODY_MS));
        direct = Launcher.start(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        AppConfig gateway = TestConfig.of(EnumSet.of(Role.GATEWAY), dir, dir.resolve("runs"), List.of(),
                config.limits()).withHttp(config.http().withTrustForwardedHeaders(true).withMaxConnectionsPerClient(3));
        proxied = Launcher.start(Vertx.vertx(), gateway).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        proxied.vertx().close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aBoundedSlowlorisIsCutOffWhileAnotherClientIsServed() throws Exception {
        GatewayMetrics metrics = direct.gateway().metrics();
        long timeoutsBefore = metrics.connectionsRefused("headers_timeout");
        List<RawHttp> slow = new ArrayList<>();
        ExecutorService watchers = Executors.newFixedThreadPool(CAP);
        AtomicBoolean trickling = new AtomicBoolean(true);
        try {
            long[] openedAt = new long[CAP];
            for (int i = 0; i < CAP; i++) {
                openedAt[i] = System.currentTimeMillis();
                slow.add(RawHttp.open(direct.port()).send("GET /api/models HTTP/1.1\r\nHost: localhost\r\n"));
            }
            // One header line every 200 ms: never idle, never complete.
            Thread trickle = new Thread(() -> {
                while (trickling.get()) {
                    for (RawHttp s : slow) {
                        try {
                            s.send("X-Slow: 1\r\n");
                        } catch (Exception e) {
                            // closed by the server: expected
                        }
                    }
                    sleep(200);
                }
            });
            trickle.start();
            List<Future<Long>> closedAfter = new ArrayList<>();
            for (int i = 0; i < CAP; i++) {
                RawHttp s = slow.get(i);
                long opened = openedAt[i];
                closedAfter.add(watchers.submit(() -> s.closedWithin(HEADERS_MS + SLACK_MS)
                        ? System.currentTimeMillis() - opened : -1L));
            }
            // The kernel accepts a connection before the server's handler counts it: wait until all CAP are
            // counted, or connection CAP + 1 could be counted before one of them and the cap close that one.
            long countedBy = System.currentTimeMillis() + SLACK_MS;
            while (direct.gateway().connectionsOpen("127.0.0.1") < CAP) {
                assertTrue(System.currentTimeMillis() < countedBy, "the server never counted the slow connections");
                Thread.sleep(20);
            }
            long refusedBefore = metrics.connectionsRefused("client_limit");
            try (RawHttp oneMore = RawHttp.open(direct.port())) {
                assertTrue(oneMore.closedWithin(SLACK_MS), "connection " + (CAP + 1) + " of one address");
            }
            assertEquals(1, metrics.connectionsRefused("client_limit") - refusedBefore, "closed by the cap, at once");
            assertServedFrom(OTHER_CLIENT);
            assertEquals(CAP, direct.gateway().connectionsOpen("127.0.0.1"), "served while the slow ones were held");
            for (Future<Long> f : closedAfter) {
                long ms = f.get(60, TimeUnit.SECONDS);
                assertTrue(ms >= HEADERS_MS - 200 && ms <= HEADERS_MS + SLACK_MS, "closed after " + ms + " ms");
            }
            assertEquals(CAP, metrics.connectionsRefused("headers_timeout") - timeoutsBefore);
            trickling.set(false);
            trickle.join();
            assertServedFrom(null); // the address's connections were given back
        } finally {
            trickling.set(false);
            watchers.shutdownNow();
            for (RawHttp s : slow) s.close();
        }
    }

    @Test
    void aDeclaredBodyOverTheLimitIsRefusedAtOnceAndSlowBodiesTimeOut() throws Exception {
        String huge = "POST /api/train HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000000000\r\n\r\n";
        for (String request : List.of(huge, huge.replace("/api/train", "/"))) {
            try (RawHttp raw = RawHttp.open(direct.port())) {
                long t0 = System.currentTimeMillis();
                String answer = raw.send(request).readToClose(SLACK_MS);
                assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
                assertTrue(answer.contains("\"code\":\"TOO_LARGE\"") && answer.contains("http.maxBodyBytes"), answer);
                assertTrue(System.currentTimeMillis() - t0 < HEADERS_MS, "refused before any deadline");
            }
        }
        try (RawHttp raw = RawHttp.open(direct.port())) {
            long t0 = System.currentTimeMillis();
            String answer = raw.send(RawHttp.request("POST", "/api/train", "localhost", null,
                    "Content-Type: application/json", "Content-Length: 1000") + "{\"model\":").readToClose(
                    BODY_MS + SLACK_MS);
            long ms = System.currentTimeMillis() - t0;
            assertTrue(answer.startsWith("HTTP/1.1 408") && answer.contains("http.bodyTimeoutMs"), answer);
            assertTrue(ms >= BODY_MS - 200, "not before the deadline: " + ms + " ms");
        }
    }

    /**
     * A chunked body that outgrows the limit, and a body its client abandons, are the client's doing: a JSON answer
     * (where anyone is left to read it) and no ERROR log. Before, each logged "Unhandled exception in router".
     */
    @Test
    void bodiesOverTheLimitOrAbandonedAreAnsweredWithoutAnErrorLog() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            try (RawHttp raw = RawHttp.open(direct.port())) {
                raw.send("POST /api/train HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n");
                String chunk = "8000\r\n" + " ".repeat(0x8000) + "\r\n";
                for (int i = 0; i < 3; i++) raw.send(chunk);
                String answer = raw.readToClose(SLACK_MS);
                assertTrue(answer.startsWith("HTTP/1.1 413") && answer.contains("\"code\":\"TOO_LARGE\""), answer);
            }
            try (RawHttp raw = RawHttp.open(direct.port())) {
                raw.send(RawHttp.request("POST", "/api/train", "localhost", null, "Content-Type: application/json",
                        "Content-Length: 1000") + "{\"model\":");
            }
            long deadline = System.currentTimeMillis() + SLACK_MS;
            while (direct.gateway().connectionsOpen("127.0.0.1") > 0) {
                assertTrue(System.currentTimeMillis() < deadline, "the abandoned connection was never closed");
                Thread.sleep(20);
            }
        } finally {
            System.setErr(original);
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("Unhandled exception in router") || text.contains("ERROR"), text);
    }

    @Test
    void silentConnectionsCloseAndLiveWebSocketsStayOpen() throws Exception {
        try (RawHttp silent = RawHttp.open(direct.port())) {
            assertTrue(silent.closedWithin(HEADERS_MS + SLACK_MS), "a connection that never sends a request");
        }
        try (RawHttp deaf = RawHttp.open(direct.port());
                WsProbe live = WsProbe.connect(vertx, direct.port())) {
            deaf.send(RawHttp.webSocketHandshake("/ws/generate", "localhost", null));
            assertTrue(deaf.head(SLACK_MS).startsWith("HTTP/1.1 101"));
            long t0 = System.currentTimeMillis();
            assertTrue(deaf.closedWithin(IDLE_MS + SLACK_MS), "a WebSocket that answers no ping is closed");
            assertTrue(System.currentTimeMillis() - t0 >= IDLE_MS - 500, "after the idle timeout");
            Thread.sleep(IDLE_MS); // the live socket has now been quiet for twice the idle timeout, answering pings
            assertFalse(live.isClosed(), "a client that answers pings keeps its WebSocket");
            live.send("{\"type\":\"generate\",\"model\":\"tiny-cond\",\"label\":1,\"sampler\":{\"steps\":2}}");
            assertEquals("accepted", live.nextText(30).path("type").asText());
        }
    }

    @Test
    void behindAProxyTheCapCountsEachForwardedClientsWebSockets() throws Exception {
        List<WsProbe> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) held.add(WsProbe.connect(vertx, proxied.port(), "198.51.100.7"));
            assertEquals(503, WsProbe.refusedStatus(vertx, forwarded("198.51.100.7")), "a fourth WebSocket");
            held.add(WsProbe.connect(vertx, proxied.port(), "203.0.113.9")); // another client behind the same proxy
            held.remove(0).close();
            long deadline = System.currentTimeMillis() + SLACK_MS;
            while (proxied.gateway().connectionsOpen("198.51.100.7") > 2) {
                assertTrue(System.currentTimeMillis() < deadline, "the closed WebSocket was never given back");
                Thread.sleep(20);
            }
            held.add(WsProbe.connect(vertx, proxied.port(), "198.51.100.7"));
        } finally {
            for (WsProbe ws : held) ws.close();
        }
    }

    private static WebSocketConnectOptions forwarded(String client) {
        return new WebSocketConnectOptions().setHost("localhost").setPort(proxied.port()).setURI("/ws/generate")
                .addHeader("X-Forwarded-For", client);
    }

    /** A REST read and a whole generation, from {@code localAddress} (null: the default 127.0.0.1). */
    private static void assertServedFrom(String localAddress) throws Exception {
        WebClientOptions rest = new WebClientOptions();
        WebSocketClientOptions ws = new WebSocketClientOptions();
        if (localAddress != null) {
            rest.setLocalAddress(localAddress);
            ws.setLocalAddress(localAddress);
        }
        WebClient client = WebClient.create(vertx, rest);
        try {
            int status = client.get(direct.port(), "127.0.0.1", "/api/models").send().toCompletionStage()
                    .toCompletableFuture().get(30, TimeUnit.SECONDS).statusCode();
            assertEquals(200, status, "a REST read from " + localAddress);
        } finally {
            client.close();
        }
        var sockets = vertx.createWebSocketClient(ws);
        try {
            var socket = sockets.connect(direct.port(), "127.0.0.1", "/ws/generate").toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            var inbox = new java.util.concurrent.LinkedBlockingQueue<JsonNode>();
            socket.textMessageHandler(t -> inbox.add(readJson(t)));
            socket.writeTextMessage("{\"type\":\"generate\",\"model\":\"tiny-cond\",\"label\":1,\"sampler\":{\"steps\":3}}");
            JsonNode m;
            do {
                m = inbox.poll(30, TimeUnit.SECONDS);
                assertTrue(m != null, "the generation from " + localAddress + " went silent");
            } while (!m.path("type").asText().matches("done|error"));
            assertEquals("done", m.path("type").asText(), m.toString());
        } finally {
            sockets.close();
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
