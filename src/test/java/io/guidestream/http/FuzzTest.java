package io.guidestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guidestream.Await;
import io.guidestream.Http;
import io.guidestream.RunningService;
import io.guidestream.WsProbe;
import io.guidestream.config.LimitsConfig;
import io.guidestream.config.Role;
import io.guidestream.json.Json;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzzes the WebSocket and REST edges with seeded random and mutated messages (wrong types, huge numbers, NaN, odd
 * unicode, truncation, deep nesting, binary frames). Every reply must be a documented error (never INTERNAL, never a
 * 500), a mutation that stays valid must run normally, and afterwards the server must still serve other clients.
 */
class FuzzTest {
    private static final long SEED = 20261122L;
    private static final Set<String> CLIENT_ERRORS = Set.of("BAD_REQUEST", "UNKNOWN_MODEL", "CAPACITY", "NOT_FOUND",
            "CANCELLED", "RATE_LIMITED");
    private static final String GENERATE = "{\"type\":\"generate\",\"requestId\":\"f\",\"model\":\"tiny-cond\","
            + "\"label\":3,\"batch\":2,\"seed\":5,\"sampler\":{\"kind\":\"ddim\",\"steps\":3,\"eta\":0.0},"
            + "\"guidance\":{\"method\":\"tail\",\"scale\":2.0,\"classifier\":\"tiny-clf\",\"entropyFloor\":0.1,"
            + "\"tail\":{\"scale\":1.0,\"tau\":0.3,\"tMin\":0.2},\"x0\":{\"lambda\":0.1}},"
            + "\"preview\":{\"every\":1,\"kinds\":[\"xt\",\"x0\"]}}";
    private static final List<String> SOCKET_CORPUS = List.of(GENERATE,
            "{\"type\":\"cancel\",\"requestId\":\"f\"}", "{\"type\":\"resume\",\"jobId\":\"j-x\",\"lastStep\":2}");
    private static final String TRAIN = "{\"model\":\"fz-clf\",\"objective\":\"ce\",\"steps\":2,\"batch\":2,"
            + "\"checkpointEvery\":1}";
    private static final String EVAL = "{\"model\":\"tiny-cond\",\"n\":4,\"seed\":3,\"batch\":4,"
            + "\"features\":\"tiny-features\",\"sampler\":{\"kind\":\"ddim\",\"steps\":2},"
            + "\"guidance\":{\"method\":\"classifier\",\"scale\":1.0}}";

    @RegisterExtension
    static final RunningService service = RunningService.builder()
            .roles(Role.GATEWAY, Role.SAMPLER, Role.TRAINER, Role.EVALUATOR)
            .limits(LimitsConfig.defaults().withRequestsPerSecond(10_000))
            .build();

    /**
     * Also: every BAD_REQUEST a client is sent is counted in {@code guidestream_jobs_rejected_total{reason="bad_request"}}
     * (before, only those a sampler refused were: 25 of 1,743).
     */
    @Test
    void everySocketReplyIsADocumentedErrorOrANormalRun() throws Exception {
        SplittableRandom rng = new SplittableRandom(SEED);
        long counted = service.running().gateway().metrics().jobsRejected("bad_request");
        int badRequests = 0;
        int errors = 0;
        int runs = 0;
        try (WsProbe bystander = WsProbe.connect(service.vertx(), service.port());
                WsProbe ws = WsProbe.connect(service.vertx(), service.port())) {
            bystander.send(GENERATE.replace("\"steps\":3", "\"steps\":40"));
            for (int i = 0; i < 300; i++) {
                String message = mutate(SOCKET_CORPUS.get(rng.nextInt(SOCKET_CORPUS.size())), rng);
                if (rng.nextInt(20) == 0) {
                    ws.sendBinary(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    ws.send(message);
                }
                JsonNode reply = ws.nextText(30);
                if (reply.path("type").asText().equals("accepted")) {
                    runs++;
                    ws.send("{\"type\":\"cancel\",\"jobId\":\"" + reply.path("jobId").asText() + "\"}");
                    reply = untilEnd(ws);
                    if (reply.path("type").asText().equals("done")) {
                        JsonNode late = ws.nextText(10);
                        assertDocumentedError(late, "a cancel that came too late"); // no running job
                        if (late.path("code").asText().equals("BAD_REQUEST")) badRequests++;
                        continue;
                    }
                }
                assertDocumentedError(reply, message);
                if (reply.path("code").asText().equals("BAD_REQUEST")) badRequests++;
                errors++;
            }
            assertFalse(ws.isClosed(), "bad input never closes the socket");
            assertTrue(errors > 200 && runs > 0, errors + " errors and " + runs + " valid runs: the fuzzer explores both");
            assertEquals("accepted", bystander.nextText(30).path("type").asText());
            assertEquals("done", untilEnd(bystander).path("type").asText(), "the other client's job is unaffected");
            for (WsProbe.Received late : ws.drain(500)) { // late answers to cancels of jobs that had already finished
                if (late.isText() && late.json().path("code").asText().equals("BAD_REQUEST")) badRequests++;
            }
            assertEquals(badRequests, service.running().gateway().metrics().jobsRejected("bad_request") - counted,
                    "every BAD_REQUEST sent is counted once");
            assertRunsNormally(ws);
        }
    }

    @Test
    void oversizedMessagesGetAnErrorAndAbsurdOnesCloseOnlyTheirOwnSocket() throws Exception {
        int limit = LimitsConfig.defaults().maxMessageBytes();
        try (WsProbe big = WsProbe.connect(service.vertx(), service.port());
                WsProbe other = WsProbe.connect(service.vertx(), service.port())) {
            big.send("{\"type\":\"generate\",\"requestId\":\"" + "x".repeat(limit) + "\"}");
            GenerateSocketTest.assertError(big.nextText(10), "BAD_REQUEST",
                    "at most " + limit + " bytes (limits.maxMessageBytes)");
            big.send("{\"requestId\":\"" + "☃".repeat(limit / 2) + "\"}"); // under the limit in chars, not in bytes
            GenerateSocketTest.assertError(big.nextText(10), "BAD_REQUEST", "(limits.maxMessageBytes)");
            assertRunsNormally(big);
            big.send("x".repeat(10 * limit));
            Await.until(big::isClosed, Duration.ofSeconds(10),
                    "a message far over limits.maxMessageBytes drops the connection");
            assertEquals((short) 1009, big.socket().closeStatusCode(), "1009: message too big");
            assertRunsNormally(other);
        }
    }

    @Test
    void everyRestReplyIsADocumentedError() throws Exception {
        SplittableRandom rng = new SplittableRandom(SEED + 1);
        Map<String, String> corpus = Map.of("/api/train", TRAIN, "/api/eval", EVAL,
                "/api/models/tiny-cond/default", "{\"version\":1}");
        List<String> paths = new ArrayList<>(corpus.keySet());
        try (Http http = new Http(service.vertx(), service.port())) {
            for (int i = 0; i < 150; i++) {
                String path = paths.get(rng.nextInt(paths.size()));
                String body = mutate(corpus.get(path), rng);
                HttpMethod method = path.endsWith("/default") ? HttpMethod.PUT : HttpMethod.POST;
                Http.Reply r = http.send(method, path, body, Map.of("Content-Type", "application/json"));
                String what = method + " " + path + " " + body + " → " + r.status() + " " + r.body();
                assertTrue(r.status() < 500 || r.status() == 503, what);
                if (r.status() == 202) {
                    String kind = path.substring("/api/".length());
                    http.send(HttpMethod.DELETE, "/api/" + kind + "/" + r.json().path("jobId").asText(), null,
                            Map.of());
                } else if (r.status() != 200) {
                    assertTrue(r.json() != null && CLIENT_ERRORS.contains(r.json().path("code").asText()), what);
                    assertFalse(r.json().path("message").asText().isBlank(), what);
                }
            }
            assertEquals(413, http.post("/api/train", "{\"model\":\"" + "x".repeat(70_000) + "\"}").status(),
                    "bodies over 64 KiB");
            // A route or method the API does not have is a JSON error too, never the router's HTML page.
            for (String route : List.of("GET /api/nope", "GET /api/train", "PATCH /api/models/tiny-cond",
                    "POST /api/models/tiny-cond/evals/x", "DELETE /api")) {
                String[] m = route.split(" ");
                Http.Reply r = http.send(HttpMethod.valueOf(m[0]), m[1], null, Map.of());
                assertEquals(404, r.status(), route + " → " + r.body());
                assertEquals("NOT_FOUND", r.json() == null ? r.body() : r.json().path("code").asText(), route);
            }
            assertEquals(200, http.get("/health/live").status());
            assertEquals(200, http.get("/api/models").status());
        }
    }

    private static void assertDocumentedError(JsonNode reply, String message) {
        assertEquals("error", reply.path("type").asText(), message + " → " + reply);
        assertTrue(CLIENT_ERRORS.contains(reply.path("code").asText()), message + " → " + reply);
        assertFalse(reply.path("message").asText().isBlank(), message + " → " + reply);
    }

    private static void assertRunsNormally(WsProbe ws) throws Exception {
        ws.send(GENERATE);
        assertEquals("accepted", ws.nextText(30).path("type").asText());
        assertEquals("done", untilEnd(ws).path("type").asText());
    }

    /** Skips steps (and images) until the job's {@code done} or {@code error}. */
    private static JsonNode untilEnd(WsProbe ws) throws Exception {
        JsonNode m;
        do {
            m = ws.nextText(60);
        } while (m.path("type").asText().equals("step"));
        return m;
    }

    // --- mutations ---

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One random mutation of a valid message: structural (a field's value or the object's keys) or textual. */
    static String mutate(String valid, SplittableRandom rng) throws Exception {
        int kind = rng.nextInt(10);
        if (kind < 6) {
            JsonNode tree = Json.MAPPER.readTree(valid);
            mutateTree(tree, rng);
            return Json.MAPPER.writeValueAsString(tree);
        }
        return switch (kind) {
            case 6 -> valid.substring(0, rng.nextInt(valid.length())); // truncated
            case 7 -> flipCharacters(valid, rng);
            case 8 -> valid.replaceFirst(":[0-9.]+", ":" + pickRawNumber(rng));
            default -> randomText(rng);
        };
    }

    private static void mutateTree(JsonNode root, SplittableRandom rng) {
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(root, objects);
        ObjectNode target = objects.get(rng.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        int what = rng.nextInt(6);
        if (what == 0 || names.isEmpty()) {
            target.set(rng.nextBoolean() ? "unexpected" : "ünïcødé\u202e", randomValue(rng));
        } else if (what == 1) {
            target.remove(names.get(rng.nextInt(names.size())));
        } else {
            target.set(names.get(rng.nextInt(names.size())), randomValue(rng));
        }
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> out) {
        if (node instanceof ObjectNode o) out.add(o);
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) collectObjects(it.next(), out);
    }

    private static JsonNode randomValue(SplittableRandom rng) {
        return switch (rng.nextInt(16)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(rng.nextBoolean());
            case 2 -> NODES.numberNode(-1);
            case 3 -> NODES.numberNode(Long.MAX_VALUE);
            case 4 -> NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            case 5 -> NODES.numberNode(1e308);
            case 6 -> NODES.numberNode(-0.0);
            case 7 -> NODES.numberNode(rng.nextInt(2000) - 500);
            case 8 -> NODES.numberNode(rng.nextDouble() * 10);
            case 9 -> NODES.textNode("𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u0000 \ud800 ☃");
            case 10 -> NODES.textNode("x".repeat(rng.nextInt(4000)));
            case 11 -> NODES.textNode("");
            case 12 -> NODES.arrayNode().add(1).add("two").add(NODES.objectNode());
            case 13 -> deep(rng.nextInt(1, 200));
            case 14 -> NODES.textNode(List.of("ddpm", "ddim", "momentum", "naive", "none", "classifier", "entropy",
                    "tail", "xt", "x0", "tiny-clf", "tiny-uncond", "tiny-features").get(rng.nextInt(13)));
            default -> NODES.objectNode();
        };
    }

    private static JsonNode deep(int depth) {
        JsonNode node = NODES.numberNode(1);
        for (int i = 0; i < depth; i++) {
            ArrayNode a = NODES.arrayNode();
            a.add(node);
            node = a;
        }
        return node;
    }

    private static String pickRawNumber(SplittableRandom rng) {
        return List.of("1e400", "-1e400", "NaN", "Infinity", "0x10", "1.5e-400", "99999999999999999999", "--1")
                .get(rng.nextInt(8));
    }

    private static String flipCharacters(String s, SplittableRandom rng) {
        char[] c = s.toCharArray();
        for (int i = 0; i < 1 + rng.nextInt(4); i++) c[rng.nextInt(c.length)] = (char) rng.nextInt(0x20, 0x3000);
        return new String(c);
    }

    private static String randomText(SplittableRandom rng) {
        StringBuilder b = new StringBuilder();
        int n = rng.nextInt(200);
        for (int i = 0; i < n; i++) b.append((char) rng.nextInt(0x20, 0xD000));
        return b.toString();
    }
}
