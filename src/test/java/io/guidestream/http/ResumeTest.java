package io.guidestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Await;
import io.guidestream.Http;
import io.guidestream.RunningService;
import io.guidestream.WsProbe;
import io.guidestream.config.LimitsConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A dropped connection does not lose the job: a new socket resumes it from the last step seen. */
class ResumeTest {
    private static final long GRACE_MS = 1500;
    @RegisterExtension
    static final RunningService service = RunningService.builder()
            .limits(LimitsConfig.defaults().withReconnectGraceMs(GRACE_MS))
            .build();

    private static final String JOB = "{\"type\":\"generate\",\"requestId\":\"r\",\"resumable\":true,\"model\":\"tiny-cond\","
            + "\"label\":3,\"batch\":2,\"seed\":5,\"sampler\":{\"kind\":\"ddpm\",\"steps\":%d}}";

    @Test
    void aNewSocketResumesFromTheLastStepSeenWithoutGapsOrRepeats() throws Exception {
        String jobId;
        int lastSeen = 0;
        WsProbe first = WsProbe.connect(service.vertx(), service.port());
        first.send(String.format(JOB, 120));
        jobId = first.nextText(30).path("jobId").asText();
        while (lastSeen < 5) {
            JsonNode m = first.nextText(30);
            if (m.path("type").asText().equals("step")) lastSeen = m.path("step").asInt();
        }
        double ticks = ticks();
        first.close();
        // The job goes on without a client. Two more ticks: the first may be the one whose frame was last seen. (A
        // fixed second here failed when a loaded machine took a second per tick.) Within the grace period, after
        // which the job would be abandoned.
        Await.until(() -> ticks() >= ticks + 2, Duration.ofMillis(GRACE_MS), "the job ran on while no one watched");
        try (WsProbe second = WsProbe.connect(service.vertx(), service.port())) {
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
        long abandonedBefore = service.running().gateway().metrics().jobsEnded("abandoned");
        WsProbe ws = WsProbe.connect(service.vertx(), service.port());
        ws.send(String.format(JOB, 100_000 / 100));
        String jobId = ws.nextText(30).path("jobId").asText();
        ws.nextText(30);
        ws.close();
        long closedAt = System.currentTimeMillis();
        // Watching (rather than resuming) so as not to re-attach the job and restart its grace period.
        Await.until(() -> service.running().gateway().metrics().jobsEnded("abandoned") > abandonedBefore,
                Duration.ofMillis(GRACE_MS + 10_000), "the job was never abandoned");
        assertTrue(System.currentTimeMillis() - closedAt >= GRACE_MS, "not before the grace period");
        try (WsProbe probe = WsProbe.connect(service.vertx(), service.port());
                Http http = new Http(service.vertx(), service.port())) {
            probe.send("{\"type\":\"resume\",\"jobId\":\"" + jobId + "\"}");
            GenerateSocketTest.assertError(probe.nextText(10), "NOT_FOUND", "no job " + jobId);
            Await.until(() -> http.get("/health/ready").body().contains("\"live\":0"), Duration.ofSeconds(10),
                    "the sampler still runs the abandoned job");
        }
    }

    @Test
    void resumingAnUnknownJobIsNotFound() throws Exception {
        try (WsProbe ws = WsProbe.connect(service.vertx(), service.port())) {
            ws.send("{\"type\":\"resume\",\"jobId\":\"j-nope\",\"lastStep\":3}");
            GenerateSocketTest.assertError(ws.nextText(10), "NOT_FOUND", "no job j-nope");
            ws.send("{\"type\":\"resume\",\"lastStep\":3}");
            GenerateSocketTest.assertError(ws.nextText(10), "BAD_REQUEST", "jobId is required");
        }
    }

    /** Ticks of the sampler so far (every tick advances every live job by one step). */
    private static double ticks() {
        return service.running().registry().get("guidestream.sampler.tick").timer().count();
    }
}
