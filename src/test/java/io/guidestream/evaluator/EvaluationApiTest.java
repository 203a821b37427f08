package io.guidestream.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Http;
import io.guidestream.JobWatch;
import io.guidestream.RunningService;
import io.guidestream.config.Role;
import io.guidestream.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Evaluation over REST with the real gateway, sampler and evaluator on the tiny models and the test slice. */
class EvaluationApiTest {
    static final String JOB = "{\"model\":\"tiny-cond\",\"n\":24,\"seed\":3,\"batch\":12,"
            + "\"features\":\"tiny-features\","
            + "\"sampler\":{\"kind\":\"ddim\",\"steps\":3},\"guidance\":{\"method\":\"classifier\",\"scale\":1.0}}";
    @RegisterExtension
    static final RunningService service = RunningService.builder()
            .roles(Role.GATEWAY, Role.SAMPLER, Role.EVALUATOR)
            .build();
    static Http http;

    @BeforeAll
    static void connect() throws Exception {
        http = new Http(service.vertx(), service.port());
    }

    @AfterAll
    static void disconnect() {
        http.close();
    }

    /** Watches /ws/jobs/{id} until the job finishes; returns every progress message. */
    static List<JsonNode> watch(String jobId) throws Exception {
        return JobWatch.untilFinished(service.vertx(), service.port(), jobId, 180);
    }

    static JsonNode submit(String body) throws Exception {
        Http.Reply r = http.post("/api/eval", body);
        assertEquals(202, r.status(), r.body());
        assertTrue(r.json().path("jobId").asText().startsWith("e-"), r.body());
        assertEquals("eval", r.json().path("kind").asText());
        return r.json();
    }

    @Test
    void anEvaluationStreamsProgressAndStoresItsMetricsBesideTheModel() throws Exception {
        String id = submit(JOB).path("jobId").asText();
        List<JsonNode> progress = watch(id);
        JsonNode last = progress.get(progress.size() - 1);
        assertEquals("completed", last.path("state").asText(), last.toString());
        assertTrue(progress.stream().anyMatch(p -> p.path("state").asText().equals("running")), progress.toString());
        JsonNode status = http.get("/api/eval/" + id).json();
        assertEquals("completed", status.path("state").asText());
        assertEquals(24, status.path("step").asLong());
        JsonNode result = status.path("result");
        JsonNode metrics = result.path("metrics");
        assertTrue(metrics.path("fid").asDouble(-1) >= 0, result.toString());
        assertTrue(metrics.path("inceptionScore").asDouble() >= 1 - 1e-9, result.toString());
        assertTrue(metrics.path("precision").asDouble(-1) >= 0 && metrics.path("precision").asDouble() <= 1);
        assertTrue(metrics.path("accuracy").isNumber(), "guided samples have an accuracy: " + result);
        assertEquals(24, metrics.path("n").asInt());
        assertEquals(3, result.path("entropyCurve").size());
        assertEquals(3, result.path("guidanceNormCurve").size());
        for (int k = 0; k < 3; k++) {
            // constant scale 1.0: the guidance term's size is the gradient norm itself, positive for a live classifier
            assertTrue(result.path("guidanceNormCurve").get(k).asDouble() > 0, result.path("guidanceNormCurve")
                    .toString());
        }
        assertEquals(16, result.path("samples").size(), "the job result carries the first samples for a grid");
        assertEquals(16, result.path("sampleLabels").size());
        String key = result.path("key").asText();
        // Submitted evaluations live apart from the ones the registry ships with (the eval command's).
        Path stored = service.models().resolve("tiny-cond/1/submitted/eval/" + key + ".json");
        assertTrue(Files.isRegularFile(stored), "stored at " + stored);
        assertEquals("tiny-cond/1/submitted/eval/" + key + ".json", result.path("resultFile").asText());
        assertFalse(Files.exists(service.models().resolve("tiny-cond/1/eval/" + key + ".json")),
                "not among the shipped");
        JsonNode file = Json.MAPPER.readTree(stored.toFile());
        assertEquals(16, file.path("samples").size(), "a grid of sample PNGs");
        assertEquals("tiny-features", file.path("config").path("features").asText());
        JsonNode card = http.get("/api/models/tiny-cond").json();
        JsonNode submitted = card.path("submittedMetrics");
        assertEquals(key, submitted.path("latest").asText(), card.toString());
        assertEquals(metrics.path("fid").asDouble(),
                submitted.path("evaluations").path(key).path("metrics").path("fid").asDouble());
        assertTrue(card.path("metrics").path("evaluations").path(key).isMissingNode(), card.toString());
        // The stored result, curves and samples included, over REST (the web app's comparison view reads it).
        Http.Reply stored1 = http.get("/api/models/tiny-cond/evals/" + key);
        assertEquals(200, stored1.status(), stored1.body());
        assertEquals(key, stored1.json().path("key").asText());
        assertEquals(result.path("guidanceNormCurve"), stored1.json().path("guidanceNormCurve"));
        assertEquals(16, stored1.json().path("samples").size());
        assertEquals(200, http.get("/api/models/tiny-cond/evals/" + key + "?version=1").status());
    }

    @Test
    void aSubmittedEvaluationCanBeDeletedAndAShippedOneCannot() throws Exception {
        String id = submit(JOB.replace("\"seed\":3", "\"seed\":4")).path("jobId").asText();
        List<JsonNode> progress = watch(id);
        JsonNode last = progress.get(progress.size() - 1);
        assertEquals("completed", last.path("state").asText(), last.toString());
        String key = last.path("result").path("key").asText();
        // A shipped result (as the eval command stores it) of another config.
        String shippedKey = "fedcba9876543210fedcba9876543210fedcba98";
        Path shipped = Files.createDirectories(service.models().resolve("tiny-cond/1/eval"))
                .resolve(shippedKey + ".json");
        Files.writeString(shipped, "{}");

        Http.Reply deleted = http.delete("/api/models/tiny-cond/evals/" + key);
        assertEquals(200, deleted.status(), deleted.body());
        assertEquals(key, deleted.json().path("deleted").asText());
        assertEquals(1, deleted.json().path("version").asInt());
        assertEquals(404, http.get("/api/models/tiny-cond/evals/" + key).status(), "gone");
        JsonNode card = http.get("/api/models/tiny-cond").json();
        assertTrue(card.path("submittedMetrics").path("evaluations").path(key).isMissingNode(), card.toString());
        assertNotFound(http.delete("/api/models/tiny-cond/evals/" + key), "NOT_FOUND", "no submitted evaluation "
                + key + " of tiny-cond v1");

        Http.Reply refused = http.delete("/api/models/tiny-cond/evals/" + shippedKey);
        assertEquals(403, refused.status(), refused.body());
        assertEquals("FORBIDDEN", refused.json().path("code").asText());
        assertTrue(refused.json().path("message").asText().contains("ships with the model"), refused.body());
        assertTrue(Files.isRegularFile(shipped), "the shipped result stays");
    }

    @Test
    void aStoredEvaluationThatDoesNotExistIsA404NamingWhy() throws Exception {
        String absent = "0123456789abcdef0123456789abcdef01234567";
        assertNotFound("/api/models/tiny-cond/evals/" + absent, "NOT_FOUND", "no evaluation " + absent
                + " of tiny-cond v1");
        assertNotFound("/api/models/tiny-cond/evals/..%2F..%2Fregistry", "NOT_FOUND", "40 hex digits");
        assertNotFound("/api/models/no-such/evals/" + absent, "UNKNOWN_MODEL", "unknown model 'no-such'");
        assertNotFound("/api/models/tiny-cond/evals/" + absent + "?version=9", "UNKNOWN_MODEL", "version '9'");
    }

    @Test
    void aVersionThatIsNotAPositiveIntegerIsA400NamingIt() throws Exception {
        String key = "0123456789abcdef0123456789abcdef01234567";
        for (String path : new String[] {"/api/models/tiny-cond/evals/" + key + "?version=x",
                "/api/models/tiny-cond?version=0", "/api/models/tiny-cond?version=1.5"}) {
            Http.Reply r = http.get(path);
            assertEquals(400, r.status(), path + " → " + r.body());
            assertEquals("BAD_REQUEST", r.json().path("code").asText(), r.body());
            assertTrue(r.json().path("message").asText().startsWith("version must be an integer 1.."), r.body());
        }
    }

    static void assertNotFound(String path, String code, String messagePart) throws Exception {
        assertNotFound(http.get(path), code, messagePart);
    }

    static void assertNotFound(Http.Reply r, String code, String messagePart) {
        assertEquals(404, r.status(), r.body());
        assertEquals(code, r.json().path("code").asText(), r.body());
        assertTrue(r.json().path("message").asText().contains(messagePart), r.body());
    }

    @Test
    void aCancelledEvaluationStops() throws Exception {
        String id = submit("{\"model\":\"tiny-cond\",\"n\":50000,\"features\":\"tiny-features\","
                + "\"sampler\":{\"steps\":50}}").path("jobId").asText();
        Http.Reply cancelled = http.post("/api/eval/" + id + "/cancel", "");
        assertEquals(200, cancelled.status(), cancelled.body());
        List<JsonNode> progress = watch(id);
        JsonNode last = progress.get(progress.size() - 1);
        assertEquals("cancelled", last.path("state").asText(), last.toString());
        assertTrue(last.path("step").asLong() < 50000);
    }

    @Test
    void badEvaluationRequestsNameTheField() throws Exception {
        assertBad(400, "BAD_REQUEST", "{\"model\":\"tiny-cond\",\"n\":0}", "n must be 4..50000, got 0");
        assertBad(400, "BAD_REQUEST", "{\"model\":\"tiny-cond\",\"n\":50001}", "n must be 4..50000");
        assertBad(400, "BAD_REQUEST", "{\"model\":\"tiny-cond\",\"sampler\":{\"kind\":\"euler\"}}",
                "sampler.kind must be one of ddpm, ddim, momentum, naive, got 'euler'");
        assertBad(400, "BAD_REQUEST", "{\"model\":\"tiny-cond\",\"sampler\":{\"steps\":0}}",
                "sampler.steps must be 1..1000, got 0");
        assertBad(400, "BAD_REQUEST", "{\"model\":\"tiny-cond\",\"guidance\":{\"scale\":-1}}",
                "guidance.scale must be 0.0..100.0");
        assertBad(400, "BAD_REQUEST", "{\"model\":\"tiny-cond\",\"guidance\":{\"tail\":{\"foo\":1}}}",
                "unknown field guidance.tail.foo");
        assertBad(400, "BAD_REQUEST", "{\"model\":\"tiny-cond\",\"colour\":\"red\"}", "unknown field colour");
        assertBad(400, "BAD_REQUEST", "{\"model\":\"tiny-cond\",\"labels\":[1,\"two\"]}",
                "labels[1] must be an integer");
        assertBad(400, "BAD_REQUEST", "{\"model\":\"tiny-cond\",\"features\":\"tiny-features\",\"labels\":[12]}",
                "labels[0] must be -1..9");
        assertBad(400, "BAD_REQUEST", "{\"model\":\"tiny-cond\",\"features\":\"tiny-clf\"}",
                "features 'tiny-clf' is a CLASSIFIER model");
        assertBad(400, "BAD_REQUEST", "{\"model\":", "malformed JSON");
        assertBad(400, "BAD_REQUEST", "{\"n\":10}", "model is required");
        assertBad(404, "UNKNOWN_MODEL", "{\"model\":\"no-such\",\"features\":\"tiny-features\"}",
                "model 'no-such' is not in the registry");
        assertBad(404, "UNKNOWN_MODEL", "{\"model\":\"tiny-cond\"}", "features 'fashion-features' is not in");
        assertBad(404, "UNKNOWN_MODEL", "{\"model\":\"tiny-cond\",\"features\":\"tiny-features\","
                + "\"guidance\":{\"classifier\":\"no-clf\"}}", "guidance.classifier 'no-clf'");
        assertEquals(404, http.get("/api/eval/e-unknown").status());
        assertEquals(404, http.post("/api/eval/e-unknown/cancel", "").status());
    }

    static void assertBad(int status, String code, String body, String messagePart) throws Exception {
        Http.Reply r = http.post("/api/eval", body);
        assertEquals(status, r.status(), body + " → " + r.body());
        assertEquals(code, r.json().path("code").asText(), r.body());
        assertTrue(r.json().path("message").asText().contains(messagePart), body + " → " + r.body());
    }
}
