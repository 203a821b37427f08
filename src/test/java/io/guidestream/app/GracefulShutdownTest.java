package io.guidestream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Await;
import io.guidestream.Http;
import io.guidestream.TestConfig;
import io.guidestream.TestModels;
import io.guidestream.WsProbe;
import io.guidestream.config.Role;
import io.guidestream.json.Json;
import io.guidestream.training.Checkpoint;
import io.guidestream.training.TrainingSpec;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the service (SIGTERM runs the same {@code vertx.close()}) while a generation streams and a training job
 * runs: the client gets a final {@code error} saying the service is shutting down, and the training job stops at a
 * step boundary with a whole checkpoint (no temporary folders left) that loads.
 */
class GracefulShutdownTest {
    @TempDir
    Path dir;

    @Test
    void runningJobsEndCleanlyWhenTheServiceStops() throws Exception {
        TestModels.registry(dir.resolve("models"));
        Path runs = dir.resolve("runs");
        Vertx vertx = Vertx.vertx();
        Vertx clientVertx = Vertx.vertx();
        Launcher.Running running = Launcher.start(vertx, TestConfig.of(EnumSet.of(Role.GATEWAY, Role.SAMPLER,
                Role.TRAINER), dir.resolve("models"), runs, List.of(TestModels.COND)))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        String jobId;
        try (Http http = new Http(clientVertx, running.port());
                WsProbe ws = WsProbe.connect(clientVertx, running.port())) {
            Http.Reply r = http.post("/api/train", "{\"model\":\"stopped-clf\",\"objective\":\"ce\",\"steps\":100000,"
                    + "\"batch\":4,\"checkpointEvery\":100000}");
            assertEquals(202, r.status(), r.body());
            jobId = r.json().path("jobId").asText();
            String id = jobId;
            Await.until(() -> http.get("/api/train/" + id).json().path("step").asLong() >= 2, Duration.ofSeconds(60),
                    "no training progress");
            ws.send("{\"type\":\"generate\",\"requestId\":\"g\",\"model\":\"tiny-cond\",\"label\":1,"
                    + "\"sampler\":{\"kind\":\"ddpm\",\"steps\":1000}}");
            assertEquals("accepted", ws.nextText(30).path("type").asText());
            assertEquals("step", ws.nextText(30).path("type").asText());

            running.stop().toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);

            JsonNode last;
            do {
                last = ws.nextText(10);
            } while (last.path("type").asText().equals("step"));
            assertEquals("error", last.path("type").asText(), last.toString());
            assertEquals("g", last.path("requestId").asText());
            assertTrue(last.path("message").asText().contains("shutting down; resubmit"), last.toString());
        } finally {
            clientVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }

        Path runDir = runs.resolve(jobId);
        try (Stream<Path> files = Files.list(runDir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no half-written folder");
        }
        Path checkpoint = Checkpoint.current(runDir);
        long step = Long.parseLong(Files.readString(checkpoint.resolve("step.txt")).trim());
        assertTrue(step >= 2, "the checkpoint was written at the step where the job stopped: " + step);
        TrainingSpec spec = Json.read(runDir.resolve("spec.json"), TrainingSpec.class);
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoint.loadWeights(checkpoint.resolve("params.bin"), manager, spec.network().create(manager));
        }
    }
}
