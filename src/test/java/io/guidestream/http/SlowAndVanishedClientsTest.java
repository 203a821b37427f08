package io.guidestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Await;
import io.guidestream.RunningService;
import io.guidestream.WsProbe;
import io.guidestream.config.LimitsConfig;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that misbehave at the transport level: one that never reads loses intermediate previews (counted), is
 * closed after {@code limits.slowClientTimeoutMs}, and never slows a well-behaved client; one that vanishes
 * mid-stream frees its trajectory at once unless it asked for {@code resumable}.
 */
class SlowAndVanishedClientsTest {
    private static final String HEAVY = "{\"type\":\"generate\",\"requestId\":\"%s\",\"model\":\"tiny-cond\","
            + "\"label\":2,\"batch\":16,\"sampler\":{\"kind\":\"ddpm\",\"steps\":1000},"
            + "\"preview\":{\"every\":1,\"kinds\":[\"xt\",\"x0\"]}%s}";

    @RegisterExtension
    static final RunningService service = RunningService.builder()
            .limits(LimitsConfig.defaults().withSlowClientTimeoutMs(1000))
            .build();

    private static double meter(String name) {
        var m = service.running().registry().find(name).meters();
        return m.stream().mapToDouble(x -> x.measure().iterator().next().getValue()).sum();
    }

    private static double liveJobs() {
        return service.running().registry().get("guidestream.sampler.live.jobs").gauge().value();
    }

    private static void await(Await.Condition condition, long timeoutMs, String what) throws Exception {
        Await.until(condition, Duration.ofMillis(timeoutMs), what);
    }

    @Test
    void aClientThatNeverReadsIsCutOffWithoutSlowingOthers() throws Exception {
        double droppedBefore = meter("guidestream.preview.frames.dropped");
        WebSocketClient stalled = service.vertx()
                .createWebSocketClient(new WebSocketClientOptions().setReceiveBufferSize(4096));
        try (WsProbe good = WsProbe.connect(service.vertx(), service.port())) {
            WebSocket ws = stalled.connect(service.port(), "localhost", "/ws/generate").toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            ws.pause(); // never reads again: the server's send queue fills
            ws.writeTextMessage(String.format(HEAVY, "stalled", ""));
            await(() -> meter("guidestream.websocket.slow.closed") >= 1, 60_000,
                    "the server closes the socket of a client that reads nothing");
            assertTrue(meter("guidestream.preview.frames.dropped") > droppedBefore,
                    "previews the client could not take were dropped and counted");
            await(() -> liveJobs() == 0, 5_000, "the stalled client's job is freed");
            // A well-behaved client is served normally meanwhile and afterwards.
            good.send("{\"type\":\"generate\",\"model\":\"tiny-cond\",\"label\":1,\"sampler\":{\"steps\":5}}");
            assertEquals("accepted", good.nextText(30).path("type").asText());
            JsonNode m;
            do {
                m = good.nextText(30);
            } while (m.path("type").asText().equals("step"));
            assertEquals("done", m.path("type").asText(), m.toString());
        } finally {
            stalled.close();
        }
    }

    @Test
    void aVanishedClientsTrajectoryIsFreedAtOnceUnlessResumable() throws Exception {
        await(() -> liveJobs() == 0, 10_000, "no jobs left from other tests");
        String plain = String.format(HEAVY, "gone", "").replace("\"batch\":16", "\"batch\":1");
        WsProbe ws = WsProbe.connect(service.vertx(), service.port());
        ws.send(plain);
        assertEquals("accepted", ws.nextText(30).path("type").asText());
        JsonNode step = ws.nextText(30);
        assertEquals("step", step.path("type").asText());
        double stepMs = Math.max(1, step.path("ms").asDouble());
        // The gauge is refreshed after each tick, so it may trail the step message (as it may trail "accepted").
        await(() -> liveJobs() == 1.0, 10_000, "the plain job is live");
        long closedAt = System.nanoTime();
        ws.close();
        await(() -> liveJobs() == 0, 5_000, "the trajectory is freed after the client vanished");
        double freedMs = (System.nanoTime() - closedAt) / 1e6;
        System.out.printf("trajectory freed %.0f ms after the disconnect (one step takes %.0f ms)%n", freedMs, stepMs);

        WsProbe resumable = WsProbe.connect(service.vertx(), service.port());
        resumable.send(String.format(HEAVY, "kept", ",\"resumable\":true").replace("\"batch\":16", "\"batch\":1"));
        JsonNode accepted = resumable.nextText(30);
        assertEquals("accepted", accepted.path("type").asText());
        // The sampler sends "accepted" and then refreshes the gauge; on a loaded machine its thread can be preempted
        // between the two while the message reaches us, and the stale 0 would be blamed on the grace period.
        await(() -> liveJobs() == 1.0, 10_000, "the resumable job is live");
        resumable.close();
        // A plain job is freed within a step or two of the disconnect (above); a resumable one stays for the grace
        // period, so half a second without it leaving is the difference.
        Await.assertNeverWithin(Duration.ofMillis(500), () -> liveJobs() != 1.0,
                "a resumable job waits for its client to come back");
        try (WsProbe back = WsProbe.connect(service.vertx(), service.port())) {
            back.send("{\"type\":\"resume\",\"jobId\":\"" + accepted.path("jobId").asText() + "\",\"lastStep\":0}");
            back.send("{\"type\":\"cancel\",\"jobId\":\"" + accepted.path("jobId").asText() + "\"}");
            await(() -> liveJobs() == 0, 5_000, "the resumed job is cancelled");
        }
    }
}
