package io.guidestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Http;
import io.guidestream.RunningService;
import io.guidestream.TestModels;
import io.guidestream.WsProbe;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code telemetry.every} on the real service over a real WebSocket (docs/PROTOCOL.md, Telemetry): which steps carry
 * the classifier's readings, and, through {@code guidestream_sampler_classifier_items_total}, which images the
 * classifier actually read. Jobs run one after another, so the counter's change is theirs alone.
 */
class TelemetryOnDemandTest {
    private static final String CLASSIFIER_ITEMS =
            "guidestream_sampler_classifier_items_total{classifier=\"" + TestModels.CLASSIFIER + "\"}";
    private static final List<String> READINGS = List.of("entropy", "probs", "gradNorm");

    @RegisterExtension
    static final RunningService service = RunningService.builder()
            .vertxMetrics()
            .build();

    private static String generate(String requestId, int steps, int batch, String method, String telemetry) {
        return "{\"type\":\"generate\",\"requestId\":\"" + requestId + "\",\"model\":\"tiny-cond\",\"label\":3,"
                + "\"batch\":" + batch + ",\"seed\":7,\"sampler\":{\"kind\":\"ddim\",\"steps\":" + steps + "},"
                + "\"guidance\":{\"method\":\"" + method + "\",\"scale\":2},\"preview\":{\"every\":0,\"kinds\":[]}"
                + (telemetry == null ? "" : ",\"telemetry\":" + telemetry) + "}";
    }

    @Test
    void withTelemetryEveryZeroNoStepCarriesReadingsAndTheClassifierNeverRuns() throws Exception {
        double before = classifierItems();
        Map<String, List<JsonNode>> steps = run(generate("z", 8, 2, "none", "{\"every\":0}"));
        assertEquals(8, steps.get("z").size());
        for (JsonNode s : steps.get("z")) {
            for (String field : READINGS) assertFalse(s.has(field), field + " at step " + s.path("step") + ": " + s);
            assertEquals(2, s.path("scale").size(), "what guidance did is still on every step: " + s);
        }
        assertEquals(before, classifierItems(), "the classifier read no image of an unguided job without telemetry");
    }

    @Test
    void withTelemetryEveryThreeExactlyEveryThirdAndTheLastStepCarryReadings() throws Exception {
        double before = classifierItems();
        Map<String, List<JsonNode>> steps = run(generate("k3", 7, 2, "none", "{\"every\":3}"));
        List<Integer> reporting = new ArrayList<>();
        for (JsonNode s : steps.get("k3")) {
            boolean has = s.has("entropy");
            for (String field : READINGS) assertEquals(has, s.has(field), field + ": " + s);
            if (!has) continue;
            reporting.add(s.path("step").asInt());
            assertEquals(2, s.path("probs").size(), s.toString());
            assertEquals(10, s.path("probs").get(0).size(), s.toString());
            assertTrue(s.path("gradNorm").get(1).asDouble() > 0, s.toString());
        }
        assertEquals(List.of(3, 6, 7), reporting);
        assertEquals(before + 3 * 2, classifierItems(), "two images read at each of the three reporting steps");
    }

    @Test
    void theDefaultIsEveryStep() throws Exception {
        double before = classifierItems();
        Map<String, List<JsonNode>> steps = run(generate("d", 4, 1, "none", null));
        for (JsonNode s : steps.get("d")) assertEquals(1, s.path("entropy").size(), s.toString());
        assertEquals(before + 4, classifierItems());
    }

    @Test
    void batchedWithAJobThatWantsTelemetryOnlyThatJobsImagesGoThroughTheClassifier() throws Exception {
        double before = classifierItems();
        Map<String, List<JsonNode>> steps = run(generate("quiet", 12, 3, "none", "{\"every\":0}"),
                generate("loud", 12, 1, "none", "{\"every\":1}"));
        assertTrue(steps.get("quiet").stream().anyMatch(s -> s.path("tick").path("jobs").asInt() == 2),
                "the two jobs shared ticks: " + steps.get("quiet"));
        steps.get("quiet").forEach(s -> assertFalse(s.has("entropy"), s.toString()));
        steps.get("loud").forEach(s -> assertEquals(1, s.path("entropy").size(), s.toString()));
        assertEquals(before + 12, classifierItems(), "only the loud job's one image, at each of its 12 steps");
    }

    @Test
    void guidedJobsReadTheClassifierEveryStepButReportOnlyAtTheTelemetrySteps() throws Exception {
        double before = classifierItems();
        Map<String, List<JsonNode>> steps = run(generate("g", 5, 2, "classifier", "{\"every\":2}"));
        List<Integer> reporting = new ArrayList<>();
        for (JsonNode s : steps.get("g")) {
            if (s.has("entropy")) reporting.add(s.path("step").asInt());
            assertEquals(2.0, s.path("scale").get(0).asDouble(), 1e-9, "guided at every step: " + s);
        }
        assertEquals(List.of(2, 4, 5), reporting);
        assertEquals(before + 5 * 2, classifierItems(), "guidance needs the gradient at every step");
    }

    @Test
    void badValuesAreRefusedNamingTheFieldAndItsRange() throws Exception {
        try (WsProbe ws = WsProbe.connect(service.vertx(), service.port())) {
            ws.send(generate("a", 3, 1, "none", "{\"every\":-1}"));
            GenerateSocketTest.assertError(ws.nextText(10), "BAD_REQUEST", "telemetry.every must be 0..1000, got -1");
            ws.send(generate("b", 3, 1, "none", "{\"every\":1001}"));
            GenerateSocketTest.assertError(ws.nextText(10), "BAD_REQUEST", "telemetry.every must be 0..1000, got 1001");
            ws.send(generate("c", 3, 1, "none", "{\"every\":\"often\"}"));
            GenerateSocketTest.assertError(ws.nextText(10), "BAD_REQUEST", "telemetry.every must be an integer");
            ws.send(generate("d", 3, 1, "none", "{\"every\":1.5}"));
            GenerateSocketTest.assertError(ws.nextText(10), "BAD_REQUEST", "telemetry.every must be an integer");
            ws.send(generate("e", 3, 1, "none", "{\"evry\":2}"));
            GenerateSocketTest.assertError(ws.nextText(10), "BAD_REQUEST", "unknown field telemetry.evry");
            ws.send(generate("f", 3, 1, "none", "3"));
            GenerateSocketTest.assertError(ws.nextText(10), "BAD_REQUEST", "telemetry must be a JSON object");
        }
    }

    /** Sends the requests on one socket and collects each one's step messages (by requestId) until all are done. */
    private static Map<String, List<JsonNode>> run(String... requests) throws Exception {
        Map<String, List<JsonNode>> steps = new HashMap<>();
        try (WsProbe ws = WsProbe.connect(service.vertx(), service.port())) {
            for (String r : requests) ws.send(r);
            int done = 0;
            while (done < requests.length) {
                JsonNode m = ws.nextText(60);
                switch (m.path("type").asText()) {
                    case "step" -> steps.computeIfAbsent(m.path("requestId").asText(), k -> new ArrayList<>()).add(m);
                    case "done" -> done++;
                    case "accepted" -> { }
                    default -> throw new AssertionError("unexpected " + m);
                }
            }
        }
        return steps;
    }

    /** The classifier-items counter from {@code GET /metrics} (0 before the classifier first ran). */
    private static double classifierItems() throws Exception {
        try (Http http = new Http(service.vertx(), service.port())) {
            Http.Reply r = http.get("/metrics");
            assertEquals(200, r.status(), r.body());
            for (String line : r.body().split("\n")) {
                if (line.startsWith(CLASSIFIER_ITEMS + " ")) {
                    return Double.parseDouble(line.substring(CLASSIFIER_ITEMS.length() + 1));
                }
            }
            return 0;
        }
    }
}
