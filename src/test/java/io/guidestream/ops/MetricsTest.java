package io.guidestream.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Http;
import io.guidestream.TestConfig;
import io.guidestream.TestModels;
import io.guidestream.WsProbe;
import io.guidestream.app.Cluster;
import io.guidestream.app.Launcher;
import io.guidestream.config.AppConfig;
import io.guidestream.config.Role;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on the real server: a gateway + sampler node after a generation over the WebSocket, and a node
 * without a gateway (sampler, trainer, evaluator) on its operations port. Asserts names and plausible values.
 */
class MetricsTest {
    private static final int STEPS = 6;
    private static final int BATCH = 2;

    @TempDir
    static Path dir;
    private Launcher.Running running;

    @BeforeAll
    static void models() throws Exception {
        TestModels.registry(dir);
    }

    @AfterEach
    void stop() throws Exception {
        if (running != null) running.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private Launcher.Running start(Set<Role> roles) throws Exception {
        AppConfig config = TestConfig.of(roles, dir, dir.resolve("runs"), List.of(TestModels.COND));
        var registry = Cluster.newRegistry();
        Vertx vertx = Cluster.create(config.cluster(), registry).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        return Launcher.start(vertx, config, registry).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
    }

    private static Exposition scrape(Vertx vertx, int port) throws Exception {
        try (Http http = new Http(vertx, port)) {
            Http.Reply r = http.get("/metrics");
            assertEquals(200, r.status(), r.body());
            return new Exposition(r.body());
        }
    }

    @Test
    void theGatewayExportsJobsClientsAndSamplerLatencyAfterAGeneration() throws Exception {
        running = start(EnumSet.of(Role.GATEWAY, Role.SAMPLER));
        try (WsProbe ws = WsProbe.connect(running.vertx(), running.port())) {
            ws.send("{\"type\":\"generate\",\"model\":\"tiny-cond\",\"label\":1,\"batch\":" + BATCH
                    + ",\"sampler\":{\"kind\":\"ddim\",\"steps\":" + STEPS + "}}");
            JsonNode m;
            do {
                m = ws.nextText(30);
            } while (!m.path("type").asText().equals("done") && !m.path("type").asText().equals("error"));
            assertEquals("done", m.path("type").asText(), m.toString());
            Exposition e = scrape(running.vertx(), running.port());
            assertTrue(e.value("guidestream_jobs_total{outcome=\"done\"}") >= 1, e.names());
            for (String outcome : List.of("cancelled", "failed", "abandoned", "lost")) {
                assertEquals(0, e.value("guidestream_jobs_total{outcome=\"" + outcome + "\"}"), outcome);
            }
            assertEquals(1, e.value("guidestream_jobs_started_total"));
            assertEquals(1, e.value("guidestream_websocket_clients"), "the probe's socket is open");
            assertEquals(0, e.value("guidestream_preview_frames_dropped_total"));
            // The warm-up job (2 steps) ran on the same engine before ours.
            assertTrue(e.value("guidestream_sampler_tick_seconds_count") >= STEPS + 2, e.names());
            assertTrue(e.has("guidestream_sampler_tick_seconds_bucket{le="), "a histogram, not just a summary");
            assertTrue(e.value("guidestream_sampler_step_seconds_count{model=\"tiny-cond\"}") >= STEPS);
            assertTrue(e.value("guidestream_sampler_step_seconds_sum{model=\"tiny-cond\"}") > 0);
            assertTrue(e.value("guidestream_sampler_tick_items_sum") >= STEPS * BATCH, e.names());
            assertEquals(0, e.value("guidestream_queue_depth{queue=\"sampler\"}"));
            assertEquals(64, e.value("guidestream_sampler_capacity_items{device=\"cpu\"}"));
            assertTrue(e.has("guidestream_sampler_live_items"), e.names());
            assertTrue(e.has("vertx_http_server_"), "Vert.x's own meters share the registry:\n" + e.names());
            assertTrue(e.has("jvm_memory_used_bytes"), "JVM meters are on");
        }
    }

    @Test
    void aNodeWithoutAGatewayServesMetricsAndProbesOnItsOpsPort() throws Exception {
        running = start(EnumSet.of(Role.SAMPLER, Role.TRAINER, Role.EVALUATOR));
        assertEquals(null, running.gateway());
        try (Http http = new Http(running.vertx(), running.opsPort())) {
            assertEquals(200, http.get("/health/live").status());
            Http.Reply ready = http.get("/health/ready");
            assertEquals(200, ready.status(), ready.body());
            assertEquals("UP", ready.json().path("status").asText());
            assertEquals("[\"EVALUATOR\",\"SAMPLER\",\"TRAINER\"]", ready.json().path("roles").toString(),
                    ready.body());
        }
        Exposition e = scrape(running.vertx(), running.opsPort());
        assertEquals(0, e.value("guidestream_queue_depth{queue=\"training\"}"));
        assertEquals(0, e.value("guidestream_queue_depth{queue=\"evaluation\"}"));
        assertEquals(0, e.value("guidestream_queue_depth{queue=\"sampler\"}"));
        assertEquals(0, e.value("guidestream_sampler_live_items"));
        assertTrue(e.value("guidestream_sampler_tick_seconds_count") >= 2, "the warm-up ticked");
    }
}
