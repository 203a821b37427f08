package io.guidestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Http;
import io.guidestream.RawHttp;
import io.guidestream.TestConfig;
import io.guidestream.TestModels;
import io.guidestream.WsProbe;
import io.guidestream.app.Launcher;
import io.guidestream.config.AppConfig;
import io.guidestream.config.Role;
import io.guidestream.config.SecurityConfig;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access control (docs/SECURITY.md) against real servers: with a token configured, writes need it (header or
 * {@code access_token}) while reads stay open; {@code protectReads} closes reads and WebSockets too; browser
 * WebSockets and writes from a foreign origin are refused, and so are write bodies that are not JSON and requests
 * that name the service by a host it does not answer to (DNS rebinding); a gateway-only node refuses writes unless
 * enabled.
 */
class AccessControlTest {
    private static final String TOKEN = "s3cret-token";
    private static final Map<String, String> BEARER = Map.of("Authorization", "Bearer " + TOKEN);
    private static final String BAD_TRAINING = "{\"model\":\"x\",\"objective\":\"magic\"}";

    @TempDir
    static Path dir;
    static Vertx vertx;
    static final List<Vertx> nodes = new java.util.ArrayList<>();
    /** Gateway, sampler and trainer with a token, open reads and one extra allowed origin. */
    static Launcher.Running full;
    /** A gateway-only node with protected reads. */
    static Launcher.Running gatewayOnly;
    /** A gateway-only node with writes enabled on purpose (and no token). */
    static Launcher.Running gatewayWithWrites;

    @BeforeAll
    static void start() throws Exception {
        ModelRegistry registry = TestModels.registry(dir);
        // A second version of tiny-cond (now the default), so that moving the default back is observable.
        TestModels.publish(registry, TestModels.COND, ModelRole.EPSILON, TestModels.tinyUNet(10), 10,
                TestModels.CLASSIFIER, 11);
        vertx = Vertx.vertx();
        full = start(EnumSet.of(Role.GATEWAY, Role.SAMPLER, Role.TRAINER),
                new SecurityConfig(TOKEN, false, List.of("https://app.example"), false, List.of("guidestream.test")));
        gatewayOnly = start(EnumSet.of(Role.GATEWAY), new SecurityConfig(TOKEN, true, List.of(), false, List.of()));
        gatewayWithWrites = start(EnumSet.of(Role.GATEWAY), new SecurityConfig("", false, List.of(), true, List.of()));
    }

    /** Each node gets a Vert.x of its own (one node per Vert.x, as in production); the test's client uses the first. */
    private static Launcher.Running start(Set<Role> roles, SecurityConfig security) throws Exception {
        AppConfig config = TestConfig.of(roles, dir, dir.resolve("runs"), List.of(TestModels.COND))
                .withSecurity(security);
        Vertx node = nodes.isEmpty() ? vertx : Vertx.vertx();
        nodes.add(node);
        return Launcher.start(node, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        for (Vertx node : nodes) node.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void writesNeedTheTokenAndReadsStayOpen() throws Exception {
        try (Http http = new Http(vertx, full.port())) {
            assertForbidden(http.send(HttpMethod.POST, "/api/train", BAD_TRAINING, Map.of()), "access token");
            assertForbidden(http.send(HttpMethod.POST, "/api/train", BAD_TRAINING,
                    Map.of("Authorization", "Bearer wrong")), "access token");
            assertForbidden(http.send(HttpMethod.POST, "/api/eval", "{}", Map.of()), "access token");
            assertForbidden(http.send(HttpMethod.DELETE, "/api/train/t-1", null, Map.of()), "access token");
            assertForbidden(http.send(HttpMethod.PUT, "/api/models/tiny-cond/default", "{\"version\":1}", Map.of()),
                    "access token");
            String evalKey = "0123456789abcdef0123456789abcdef01234567";
            assertForbidden(http.send(HttpMethod.DELETE, "/api/models/tiny-cond/evals/" + evalKey, null, Map.of()),
                    "access token");
            Http.Reply deleteWithToken = http.send(HttpMethod.DELETE, "/api/models/tiny-cond/evals/" + evalKey, null,
                    BEARER);
            assertEquals(404, deleteWithToken.status(), "past the policy, to the registry: " + deleteWithToken.body());
            // With the token the request gets past the policy to validation, which names the field.
            Http.Reply withHeader = http.send(HttpMethod.POST, "/api/train", BAD_TRAINING, BEARER);
            assertEquals(400, withHeader.status(), withHeader.body());
            assertTrue(withHeader.json().path("message").asText().contains("objective"), withHeader.body());
            Http.Reply withQuery = http.send(HttpMethod.POST, "/api/train?access_token=" + TOKEN, BAD_TRAINING,
                    Map.of());
            assertEquals(400, withQuery.status(), withQuery.body());
            assertEquals(200, http.get("/api/models").status(), "reads are open unless protectReads");
        }
    }

    @Test
    void theRegistryDefaultMovesWithTheTokenAndTheSamplerFollows() throws Exception {
        try (Http http = new Http(vertx, full.port())) {
            assertEquals(2, http.get("/api/models/tiny-cond").json().path("card").path("version").asInt());
            Http.Reply moved = http.send(HttpMethod.PUT, "/api/models/tiny-cond/default", "{\"version\":1}", BEARER);
            assertEquals(200, moved.status(), moved.body());
            assertEquals(1, http.get("/api/models/tiny-cond").json().path("card").path("version").asInt());
            Http.Reply unknown = http.send(HttpMethod.PUT, "/api/models/tiny-cond/default", "{\"version\":99}",
                    BEARER);
            assertEquals(404, unknown.status(), unknown.body());
            Http.Reply bad = http.send(HttpMethod.PUT, "/api/models/tiny-cond/default", "{\"version\":\"x\"}",
                    BEARER);
            assertEquals(400, bad.status(), bad.body());
            assertTrue(bad.json().path("message").asText().contains("version"), bad.body());
            // The running sampler hot-loads the new default once it has heard of it.
            long deadline = System.currentTimeMillis() + 30_000;
            JsonNode accepted;
            do {
                Thread.sleep(200);
                try (WsProbe ws = WsProbe.connect(vertx, full.port())) {
                    ws.send("{\"type\":\"generate\",\"model\":\"tiny-cond\",\"label\":1,\"sampler\":{\"steps\":1}}");
                    accepted = ws.nextText(30);
                }
            } while (accepted.path("modelVersion").asInt() != 1 && System.currentTimeMillis() < deadline);
            int served = accepted.path("modelVersion").asInt();
            assertEquals(1, served, "the sampler serves the new default version");
        } finally {
            try (Http http = new Http(vertx, full.port())) {
                http.send(HttpMethod.PUT, "/api/models/tiny-cond/default", "{\"version\":2}", BEARER);
            }
        }
    }

    @Test
    void browserWebSocketsMustComeFromAnAllowedOrigin() throws Exception {
        int port = full.port();
        assertEquals(403, WsProbe.refusedStatus(vertx, generate(port).addHeader("Origin", "https://evil.example")));
        assertEquals(403, WsProbe.refusedStatus(vertx, generate(port).addHeader("Origin", "not a url")));
        try (WsProbe same = WsProbe.connect(vertx, generate(port).addHeader("Origin", "http://localhost:" + port));
                WsProbe allowed = WsProbe.connect(vertx, generate(port).addHeader("Origin", "https://app.example"));
                WsProbe noOrigin = WsProbe.connect(vertx, generate(port))) {
            noOrigin.send("{\"type\":\"dance\"}");
            assertEquals("BAD_REQUEST", noOrigin.nextText(10).path("code").asText());
        }
    }

    /**
     * A page on another site can post a form or text/plain to the local service without asking; it cannot send
     * application/json without a CORS preflight, which the service never grants. Before the check, each of these
     * reached the trainer (400 from validation, 202 for a valid body).
     */
    @Test
    void writesMustBeJsonFromTheServicesOwnOrAnAllowedOrigin() throws Exception {
        try (Http http = new Http(vertx, full.port())) {
            for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; b=x")) {
                Http.Reply r = http.send(HttpMethod.POST, "/api/train", BAD_TRAINING, withToken("Content-Type", type));
                assertEquals(415, r.status(), type + " → " + r.body());
                assertEquals("UNSUPPORTED_MEDIA_TYPE", r.json().path("code").asText(), r.body());
                assertTrue(r.json().path("message").asText().contains("Content-Type must be application/json"));
            }
            Http.Reply foreign = http.send(HttpMethod.POST, "/api/train", BAD_TRAINING,
                    withToken("Origin", "https://evil.example"));
            assertForbidden(foreign, "origin https://evil.example is not allowed");
            assertForbidden(http.send(HttpMethod.PUT, "/api/models/tiny-cond/default", "{\"version\":1}",
                    withToken("Origin", "http://localhost:" + (full.port() + 1))), "is not allowed");
            assertForbidden(http.send(HttpMethod.DELETE, "/api/train/t-1", null, withToken("Origin", "null")),
                    "origin null is not allowed");
            // The service's own pages, an allowed origin and non-browser clients get past the check to validation.
            for (String origin : List.of("http://localhost:" + full.port(), "https://app.example")) {
                Http.Reply own = http.send(HttpMethod.POST, "/api/train", BAD_TRAINING, withToken("Origin", origin));
                assertEquals(400, own.status(), origin + " → " + own.body());
            }
            assertEquals(400, http.send(HttpMethod.POST, "/api/train", BAD_TRAINING, BEARER).status());
            // A write without a body (the web app's cancel) needs no content type.
            assertEquals(404, http.send(HttpMethod.POST, "/api/train/t-1/cancel", null, BEARER).status());
        }
        assertFalse(Files.exists(Path.of("file-uploads")), "multipart bodies are never stored");
    }

    /**
     * DNS rebinding: the attacker's name resolves to this service, so its page and the service share an origin and the
     * origin check alone passes. The Host header still carries the attacker's name. Before the check, all of these
     * were served (200 and 101).
     */
    @Test
    void requestsNamingAForeignHostAreRefusedAndProbesStillAnswer() throws Exception {
        int port = full.port();
        String evil = "rebound.example:" + port;
        assertEquals(403, rawStatus(RawHttp.request("GET", "/api/models", evil, null)));
        assertEquals(403, rawStatus(RawHttp.request("GET", "/", evil, null)), "nor the web app");
        assertEquals(403, rawStatus(RawHttp.webSocketHandshake("/ws/generate", evil, "http://" + evil)));
        assertEquals(403, rawStatus(RawHttp.request("POST", "/api/train", evil, BAD_TRAINING,
                "Authorization: Bearer " + TOKEN, "Content-Type: application/json", "Origin: http://" + evil)));
        for (String host : List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LOCALHOST:" + port,
                "guidestream.test:" + port, "guidestream.test")) {
            assertEquals(200, rawStatus(RawHttp.request("GET", "/api/models", host, null)), host);
        }
        assertEquals(101, rawStatus(RawHttp.webSocketHandshake("/ws/generate", "127.0.0.1:" + port,
                "http://127.0.0.1:" + port)));
        assertEquals(200, rawStatus(RawHttp.request("GET", "/health/live", evil, null)), "probes answer any host");
    }

    private static int rawStatus(String request) throws Exception {
        try (RawHttp raw = RawHttp.open(full.port())) {
            return raw.send(request).status(10_000);
        }
    }

    private static Map<String, String> withToken(String header, String value) {
        return Map.of("Authorization", "Bearer " + TOKEN, header, value);
    }

    @Test
    void protectedReadsNeedTheTokenEverywhere() throws Exception {
        int port = gatewayOnly.port();
        try (Http http = new Http(vertx, port)) {
            assertForbidden(http.get("/api/models"), "access token");
            assertForbidden(http.get("/api/train/t-1"), "access token");
            assertEquals(200, http.get("/health/live").status(), "probes stay open for the orchestrator");
        }
        assertEquals(403, WsProbe.refusedStatus(vertx, generate(port)));
        try (WsProbe ws = WsProbe.connect(vertx, generate(port).setURI("/ws/generate?access_token=" + TOKEN));
                WsProbe header = WsProbe.connect(vertx, generate(port).addHeader("Authorization", "Bearer " + TOKEN))) {
            ws.send("{\"type\":\"dance\"}");
            assertEquals("BAD_REQUEST", ws.nextText(10).path("code").asText());
        }
    }

    @Test
    void gatewayOnlyNodesRefuseWritesUnlessEnabled() throws Exception {
        try (Http http = new Http(vertx, gatewayOnly.port())) {
            assertForbidden(http.send(HttpMethod.POST, "/api/train", BAD_TRAINING, BEARER), "security.gatewayWrites");
            assertForbidden(http.send(HttpMethod.PUT, "/api/models/tiny-cond/default", "{\"version\":1}", BEARER),
                    "security.gatewayWrites");
        }
        try (Http http = new Http(vertx, gatewayWithWrites.port())) {
            // Enabled: the request passes the policy and reaches validation (no trainer is needed to reject it).
            Http.Reply r = http.send(HttpMethod.POST, "/api/train", BAD_TRAINING, Map.of());
            assertNotEquals(403, r.status(), r.body());
            assertEquals(400, r.status(), r.body());
        }
    }

    private static WebSocketConnectOptions generate(int port) {
        return new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI("/ws/generate");
    }

    private static void assertForbidden(Http.Reply r, String messagePart) {
        assertEquals(403, r.status(), r.body());
        JsonNode json = r.json();
        assertEquals("FORBIDDEN", json.path("code").asText(), r.body());
        assertTrue(json.path("message").asText().contains(messagePart), r.body());
    }
}
