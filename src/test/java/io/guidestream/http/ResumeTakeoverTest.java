package io.guidestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.RunningService;
import io.guidestream.WsProbe;
import io.guidestream.config.LimitsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code resume} from another connection while the first still watches the job: the first is told ({@code MOVED})
 * instead of waiting for a {@code done} that goes elsewhere, and the job counts against whoever resumed it. Each
 * client may run one job here, so the quota's move is visible in who may start another. Before the fix the first
 * watcher heard nothing more, and the job kept counting against it.
 */
class ResumeTakeoverTest {
    private static final String FIRST = "127.0.0.1";
    private static final String SECOND = "127.0.0.2";
    private static final String LONG_JOB = "{\"type\":\"generate\",\"requestId\":\"r\",\"resumable\":true,"
            + "\"model\":\"tiny-cond\",\"label\":3,\"batch\":8,\"seed\":5,\"sampler\":{\"kind\":\"ddpm\",\"steps\":1000}}";
    private static final String SHORT_JOB = "{\"type\":\"generate\",\"model\":\"tiny-cond\",\"label\":1,"
            + "\"sampler\":{\"steps\":2}}";

    @RegisterExtension
    static final RunningService service = RunningService.builder()
            .limits(LimitsConfig.defaults().withMaxJobsPerClient(1))
            .build();

    @Test
    void theFirstWatcherIsToldAndTheQuotaMovesToWhoeverResumed() throws Exception {
        try (WsProbe first = WsProbe.connectFrom(service.vertx(), service.port(), FIRST);
                WsProbe second = WsProbe.connectFrom(service.vertx(), service.port(), SECOND)) {
            first.send(LONG_JOB);
            String jobId = first.nextText(30).path("jobId").asText();
            assertEquals("step", first.nextText(30).path("type").asText());
            second.send("{\"type\":\"resume\",\"jobId\":\"" + jobId + "\"}");
            assertEquals("resumed", second.nextText(30).path("type").asText());
            JsonNode moved = untilNotStep(first);
            GenerateSocketTest.assertError(moved, "MOVED", "resumed by another connection");
            assertEquals(jobId, moved.path("jobId").asText());
            assertEquals("r", moved.path("requestId").asText(), "the first watcher can tell which job it lost");
            // The job now counts against the second client, which is at its limit; the first may start another.
            second.send(SHORT_JOB);
            GenerateSocketTest.assertError(untilNotStep(second), "CAPACITY", "limits.maxJobsPerClient");
            first.send(SHORT_JOB);
            assertEquals("accepted", first.nextText(30).path("type").asText());
            assertEquals("done", untilNotStep(first).path("type").asText());
            second.send("{\"type\":\"cancel\",\"jobId\":\"" + jobId + "\"}");
            assertEquals("CANCELLED", untilNotStep(second).path("code").asText());
        }
    }

    @Test
    void aResumeThatWouldExceedTheResumersLimitIsRefusedAndTheWatcherKeepsTheJob() throws Exception {
        try (WsProbe first = WsProbe.connectFrom(service.vertx(), service.port(), FIRST);
                WsProbe second = WsProbe.connectFrom(service.vertx(), service.port(), SECOND)) {
            first.send(LONG_JOB);
            String jobId = first.nextText(30).path("jobId").asText();
            second.send(LONG_JOB);
            String own = second.nextText(30).path("jobId").asText();
            second.send("{\"type\":\"resume\",\"jobId\":\"" + jobId + "\"}");
            GenerateSocketTest.assertError(untilNotStep(second), "CAPACITY", "would exceed it");
            // The first connection still holds the job: its cancel reaches it, and no MOVED came before.
            first.send("{\"type\":\"cancel\",\"jobId\":\"" + jobId + "\"}");
            GenerateSocketTest.assertError(untilNotStep(first), "CANCELLED", "");
            second.send("{\"type\":\"cancel\",\"jobId\":\"" + own + "\"}");
            GenerateSocketTest.assertError(untilNotStep(second), "CANCELLED", "");
        }
    }

    /** The next text message that is not a {@code step}. */
    private static JsonNode untilNotStep(WsProbe ws) throws Exception {
        JsonNode m;
        do {
            m = ws.nextText(30);
        } while (m.path("type").asText().equals("step"));
        return m;
    }
}
