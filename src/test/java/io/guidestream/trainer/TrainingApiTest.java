package io.guidestream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Await;
import io.guidestream.Http;
import io.guidestream.JobWatch;
import io.guidestream.RunningService;
import io.guidestream.TestModels;
import io.guidestream.WsProbe;
import io.guidestream.config.Role;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Training over REST with the real gateway, trainer and sampler: progress, cancel, resume, publish, hot-load. */
class TrainingApiTest {
    @RegisterExtension
    static final RunningService service = RunningService.builder()
            .roles(Role.GATEWAY, Role.SAMPLER, Role.TRAINER)
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

    /**
     * Watches /ws/jobs/{id} until the job finishes; returns every progress message. Publishing an ε model measures its
     * held-out loss without a progress message for minutes on a busy 2-core machine.
     */
    static List<JsonNode> watch(String jobId) throws Exception {
        return JobWatch.untilFinished(service.vertx(), service.port(), jobId, 300);
    }

    static JsonNode submit(String body) throws Exception {
        Http.Reply r = http.post("/api/train", body);
        assertEquals(202, r.status(), r.body());
        return r.json();
    }

    @Test
    void aJobStreamsProgressPublishesAndTheRunningSamplerHotLoadsIt() throws Exception {
        JsonNode job = submit("{\"model\":\"tiny-cond\",\"objective\":\"eps\",\"preset\":\"unet-cond\",\"steps\":4,"
                + "\"batch\":2,\"checkpointEvery\":2,\"publish\":\"default\"}");
        String id = job.path("jobId").asText();
        List<JsonNode> progress = watch(id);
        JsonNode last = progress.get(progress.size() - 1);
        assertEquals("completed", last.path("state").asText(), last.toString());
        assertEquals(2, last.path("result").path("publishedVersion").asInt());
        assertTrue(last.path("result").path("madeDefault").asBoolean(), last.toString());
        assertTrue(last.path("result").path("defaultDecision").asText().contains("no held-out figures to compare"),
                "v1's card has no figures: " + last);
        assertTrue(progress.stream().anyMatch(p -> p.path("step").asInt() > 0 && p.path("loss").isNumber()),
                "progress reports steps and losses: " + progress);
        JsonNode card = http.get("/api/models/tiny-cond").json();
        assertEquals(2, card.path("card").path("version").asInt());
        assertEquals("EPS", card.path("card").path("training").path("objective").asText());
        assertEquals(4.0, card.path("card").path("metrics").path("trainedSteps").asDouble());
        // An ε model's card carries its held-out DSM loss per timestep; barely trained, it is near E[ε²] = 1.
        double heldOut = card.path("card").path("metrics").path("testDsmLossT450").asDouble(-1);
        assertTrue(heldOut > 0.2 && heldOut < 5, "held-out DSM loss at t=450: " + card);
        assertEquals(200, http.get("/api/train/" + id).status());
        try (WsProbe ws = WsProbe.connect(service.vertx(), service.port())) {
            ws.send("{\"type\":\"generate\",\"model\":\"tiny-cond\",\"label\":1,\"sampler\":{\"steps\":2}}");
            JsonNode accepted = ws.nextText(60);
            assertEquals(2, accepted.path("modelVersion").asInt(), "the sampler serves the new version: " + accepted);
        }
    }

    @Test
    void aCancelledJobResumesFromItsCheckpoint() throws Exception {
        String body = "{\"model\":\"resumed-clf\",\"objective\":\"ce\",\"steps\":%d,\"batch\":4,\"checkpointEvery\":1"
                + "%s}";
        String id = submit(String.format(body, 100_000, "")).path("jobId").asText();
        Await.until(() -> http.get("/api/train/" + id).json().path("step").asLong() >= 3, Duration.ofSeconds(60),
                "no training progress");
        assertEquals(200, http.post("/api/train/" + id + "/cancel", "").status());
        List<JsonNode> ended = watch(id);
        JsonNode cancelled = ended.get(ended.size() - 1);
        assertEquals("cancelled", cancelled.path("state").asText(), cancelled.toString());
        long stoppedAt = cancelled.path("step").asLong();
        String resumedId = submit(String.format(body, (int) stoppedAt + 3, ",\"resumeFrom\":\"" + id + "\""))
                .path("jobId").asText();
        List<JsonNode> progress = watch(resumedId);
        long firstStep = progress.stream().mapToLong(p -> p.path("step").asLong()).filter(s -> s > 0).min()
                .orElseThrow();
        assertTrue(firstStep > stoppedAt, "resumed at " + firstStep + " after stopping at " + stoppedAt);
        assertEquals("completed", progress.get(progress.size() - 1).path("state").asText());
    }

    /**
     * A finished job adds a version; it becomes the default only when asked, and a version whose held-out figures are
     * worse than the default's only with allowWorse. Before this, every finished job silently became the default.
     */
    @Test
    void publishingAsTheDefaultIsExplicitAndAWorseVersionNeedsTheOverride() throws Exception {
        ModelRegistry registry = new ModelRegistry(service.models());
        ModelVersion clf = registry.require(TestModels.CLASSIFIER);
        ModelCard c = clf.card();
        // A default that has been measured well: anything trained for two steps is worse.
        Map<String, Double> good = Map.of("testAccuracyClean", 0.99, "testAccuracyT0", 0.99, "testAccuracyT250", 0.99,
                "testAccuracyT500", 0.99, "testAccuracyT750", 0.99);
        registry.publish(new ModelCard("pub-clf", 0, c.role(), c.network(), c.schedule(), c.diffusionSteps(),
                c.numClasses(), c.dataset(), null, c.parameters(), good, null, "test", ModelRegistry.now(), "good"),
                Map.of(ModelVersion.PARAMS, clf.params()), true);
        String body = "{\"model\":\"pub-clf\",\"objective\":\"ce\",\"steps\":2,\"batch\":2,\"checkpointEvery\":2%s}";
        JsonNode asVersion = finished(submit(String.format(body, "")));
        assertDecision(asVersion, 2, false, "published as a version; the default stays v1");
        JsonNode worse = finished(submit(String.format(body, ",\"publish\":\"default\"")));
        assertDecision(worse, 3, false, "not made the default, which stays v1: mean test accuracy");
        assertEquals(1, http.get("/api/models/pub-clf").json().path("card").path("version").asInt());
        JsonNode forced = finished(submit(String.format(body, ",\"publish\":\"default\",\"allowWorse\":true")));
        assertDecision(forced, 4, true, "made the default although it is worse (allowWorse)");
        assertEquals(4, http.get("/api/models/pub-clf").json().path("card").path("version").asInt());
    }

    private static JsonNode finished(JsonNode submitted) throws Exception {
        List<JsonNode> progress = watch(submitted.path("jobId").asText());
        JsonNode last = progress.get(progress.size() - 1);
        assertEquals("completed", last.path("state").asText(), last.toString());
        return last.path("result");
    }

    private static void assertDecision(JsonNode result, int version, boolean madeDefault, String why) {
        assertEquals(version, result.path("publishedVersion").asInt(), result.toString());
        assertEquals(madeDefault, result.path("madeDefault").asBoolean(), result.toString());
        assertTrue(result.path("defaultDecision").asText().contains(why), result.toString());
    }

    @Test
    void badTrainingRequestsNameTheField() throws Exception {
        assertBad("{\"model\":\"x\",\"objective\":\"magic\"}", "objective must be one of");
        assertBad("{\"model\":\"x\",\"objective\":\"ce\",\"steps\":0}", "steps must be 1..");
        assertBad("{\"model\":\"x\",\"objective\":\"ce\",\"steps\":-5}", "steps must be 1..");
        assertBad("{\"model\":\"x\",\"objective\":\"ce\",\"batch\":100000}", "batch must be 1..512");
        assertBad("{\"model\":\"x\",\"objective\":\"ce\",\"baseModel\":\"nope\"}", "baseModel 'nope'");
        assertBad("{\"model\":\"x\",\"objective\":\"eps\",\"preset\":\"classifier\"}", "needs preset");
        assertBad("{\"model\":\"x\",\"objective\":\"ce\",\"resumeFrom\":\"t-none\"}",
                "resumeFrom must be a training job id");
        assertBad("{\"model\":\"x\",\"objective\":\"ce\",\"resumeFrom\":\"t-00000000-0000-0000-0000-000000000000\"}",
                "names no training job");
        assertBad("{\"model\":\"x\",\"objective\":\"ce\",\"colour\":\"red\"}", "unknown field colour");
        assertBad("{\"model\":\"x\",\"objective\":\"ce\",\"publish\":\"yes\"}", "publish must be \"version\"");
        assertBad("{\"model\":\"x\",\"objective\":\"ce\",\"allowWorse\":true}", "allowWorse needs publish");
        assertBad("{\"model\":", "malformed JSON");
        assertEquals(404, http.get("/api/train/t-unknown").status());
        assertEquals(404, http.get("/api/models/no-such").status());
    }

    static void assertBad(String body, String messagePart) throws Exception {
        Http.Reply r = http.post("/api/train", body);
        assertEquals(400, r.status(), body + " → " + r.body());
        assertEquals("BAD_REQUEST", r.json().path("code").asText());
        assertTrue(r.json().path("message").asText().contains(messagePart), r.body());
    }
}
