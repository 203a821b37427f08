package io.guidestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Http;
import io.guidestream.TestConfig;
import io.guidestream.TestModels;
import io.guidestream.WsProbe;
import io.guidestream.app.Launcher;
import io.guidestream.config.LimitsConfig;
import io.guidestream.config.Role;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dropped connection does not lose the job: a new socket resumes it from the last step seen. */
class ResumeTest {
    private static final long GRACE_MS = 1500;
    @TempDir
    static Path dir;
    static Vertx vertx;
    static Launcher.Running running;

    @BeforeAll
    static void start() throws Exception {
        TestModels.registry(dir);
        LimitsConfig limits = LimitsConfig.defaults().withReconnectGraceMs(GRACE_MS);
        vertx = Vertx.vertx();
        running = Launcher.start(vertx, TestConfig.of(EnumSet.of(Role.GATEWAY, Role.SAMPLER), dir,
                dir.resolve("runs"), List.of(TestModels.COND), limits))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static final String JOB = "{\"type\":\"generate\",\"requestId\":\"r\",\"resumable\":true,\"model\":\"tiny-cond\","
            + "\"label\":3,\"batch\":2,\"seed\":5,\"sampler\":{\"kind\":\"ddpm\",\"steps\":%d}}";

    @Test
    void aNewSocketResumesFromTheLastStepSeenWithoutGapsOrRepeats() throws Exception {
        String jobId;
        int lastSeen = 0;
        WsProbe first = WsProbe.connect(vertx, running.port());
        first.send(String.format(JOB, 120));
        jobId = first.nextText(30).path("jobId").asText();
        while (lastSeen < 5) {
            JsonNode m = first.nextText(30);
            if (m.path("type").asText().equals("step")) lastSeen = m.path("step").asInt();
        }
        first.close();
        Thread.sleep(1000); // the job goes on without a client
        try (WsProbe second = WsProbe.connect(vertx, running.port())) {
            second.send("{\"type\":\"resume\",\"jobId\":\"" + jobId + "\",\"lastStep\":" + lastSeen + "}");
            JsonNode resumed = second.nextText(30);
            assertEquals("resumed", resumed.path("type").asText(), resumed.toString());
            assertEquals(lastSeen + 1, resumed.path("replayFrom").asInt());
            assertTrue(resumed.path("step").asInt() > lastSeen, "the job ran on while no one watched: " + resumed);
            int expected = lastSeen + 1;
            Set<String> images = new HashSet<>();
            while (true) {
                WsProbe.Received r = second.next(60);
                if (!r.isText()) {
                    images.add(r.imageHeader().path("kind").asText() + r.imageHeader().path("index").asInt());
                    continue;
                }
                JsonNode m = r.json();
                if (m.path("type").asText().equals("done")) break;
                assertEquals("step", m.path("type").asText(), m.toString());
                assertEquals(expected++, m.path("step").asInt(), "no gap, no repeat");
            }
            assertEquals(121, expected, "every step after the last one seen arrives");
            assertEquals(Set.of("xt0", "xt1", "x00", "x01"), images);
        }
    }

    @Test
    void anAbandonedJobIsCancelledAfterTheGracePeriod() throws Exception {
        long abandonedBefore = running.gateway().metrics().jobsEnded("abandoned");
        WsProbe ws = WsProbe.connect(vertx, running.port());
        ws.send(String.format(JOB, 100_000 / 100));
        String jobId = ws.nextText(30).path("jobId").asText();
        ws.nextText(30);
        ws.close();
        long closedAt = System.currentTimeMillis();
        // Watching (rather than resuming) so as not to re-attach the job and restart its grace period.
        while (running.gateway().metrics().jobsEnded("abandoned") == abandonedBefore) {
            assertTrue(System.currentTimeMillis() - closedAt < GRACE_MS + 10_000, "the job was never abandoned");
            Thread.sleep(50);
        }
        assertTrue(System.currentTimeMillis() - closedAt >= GRACE_MS, "not before the grace period");
        try (WsProbe probe = WsProbe.connect(vertx, running.port()); Http http = new Http(vertx, running.port())) {
            probe.send("{\"type\":\"resume\",\"jobId\":\"" + jobId + "\"}");
            GenerateSocketTest.assertError(probe.nextText(10), "NOT_FOUND", "no job " + jobId);
            long deadline = System.currentTimeMillis() + 10_000;
            while (!http.get("/health/ready").body().contains("\"live\":0")) {
                assertTrue(System.currentTimeMillis() < deadline, "the sampler still runs the abandoned job");
                Thread.sleep(100);
            }
        }
    }

    @Test
    void resumingAnUnknownJobIsNotFound() throws Exception {
        try (WsProbe ws = WsProbe.connect(vertx, running.port())) {
            ws.send("{\"type\":\"resume\",\"jobId\":\"j-nope\",\"lastStep\":3}");
            GenerateSocketTest.assertError(ws.nextText(10), "NOT_FOUND", "no job j-nope");
            ws.send("{\"type\":\"resume\",\"lastStep\":3}");
            GenerateSocketTest.assertError(ws.nextText(10), "BAD_REQUEST", "jobId is required");
        }
    }
}
