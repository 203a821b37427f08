package io.guidestream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Http;
import io.guidestream.JobWatch;
import io.guidestream.TestConfig;
import io.guidestream.TestModels;
import io.guidestream.WsProbe;
import io.guidestream.app.Launcher;
import io.guidestream.app.Role;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training over REST with the real gateway, trainer and sampler: progress, cancel, resume, publish, hot-load. */
class TrainingApiTest {
    @TempDir
    static Path dir;
    static Vertx vertx;
    static Launcher.Running running;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        TestModels.registry(dir.resolve("models"));
        vertx = Vertx.vertx();
        running = Launcher.start(vertx, TestConfig.of(EnumSet.of(Role.GATEWAY, Role.SAMPLER, Role.TRAINER),
                dir.resolve("models"), dir.resolve("runs"), List.of(TestModels.COND)))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        http = new Http(vertx, running.port());
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Watches /ws/jobs/{id} until the job finishes; returns every progress message. */
    static List<JsonNode> watch(String jobId) throws Exception {
        return JobWatch.untilFinished(vertx, running.port(), jobId, 120);
    }

    static JsonNode submit(String body) throws Exception {
        Http.Reply r = http.post("/api/train", body);
        assertEquals(202, r.status(), r.body());
        return r.json();
    }

    @Test
    void aJobStreamsProgressPublishesAndTheRunningSamplerHotLoadsIt() throws Exception {
        JsonNode job = submit("{\"model\":\"tiny-cond\",\"objective\":\"eps\",\"preset\":\"unet-cond\",\"steps\":4,"
                + "\"batch\":2,\"checkpointEvery\":2}");
        String id = job.path("jobId").asText();
        List<JsonNode> progress = watch(id);
        JsonNode last = progress.get(progress.size() - 1);
        assertEquals("completed", last.path("state").asText(), last.toString());
        assertEquals(2, last.path("result").path("publishedVersion").asInt());
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
        try (WsProbe ws = WsProbe.connect(vertx, running.port())) {
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
        long deadline = System.currentTimeMillis() + 60_000;
        while (http.get("/api/train/" + id).json().path("step").asLong() < 3) {
            assertTrue(System.currentTimeMillis() < deadline, "no training progress");
            Thread.sleep(100);
        }
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
