package io.guidestream.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.LoopbackCluster;
import io.guidestream.TestConfig;
import io.guidestream.TestModels;
import io.guidestream.WsProbe;
import io.guidestream.app.Launcher;
import io.guidestream.config.AppConfig;
import io.guidestream.config.Role;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway and samplers in separate clustered Vert.x instances (Hazelcast on loopback, TCP-IP join, a cluster
 * name of its own per run): generation streams across nodes, and a sampler that dies mid-job gives the client a
 * clear error, after which a resubmitted job completes on a surviving sampler.
 */
class ClusterTest {
    @TempDir
    Path dir;
    LoopbackCluster cluster;
    Launcher.Running gateway;
    Launcher.Running sampler;

    private Launcher.Running node(Set<Role> roles) throws Exception {
        return cluster.start(config(roles));
    }

    private AppConfig config(Set<Role> roles) {
        return TestConfig.of(roles, dir, dir.resolve("runs"), List.of(TestModels.COND));
    }

    @BeforeEach
    void start() throws Exception {
        TestModels.registry(dir);
        cluster = new LoopbackCluster();
        gateway = node(EnumSet.of(Role.GATEWAY));
        sampler = node(EnumSet.of(Role.SAMPLER));
        awaitNodes(n -> n.size() == 1, 30_000, () -> "expected 1");
    }

    @AfterEach
    void stop() throws Exception {
        for (Launcher.Running r : new Launcher.Running[] {gateway, sampler}) {
            if (r != null) r.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** The sampler nodes the gateway currently routes to. */
    private List<String> nodes() throws Exception {
        return LoopbackCluster.samplers(gateway.port());
    }

    private List<String> awaitNodes(java.util.function.Predicate<List<String>> condition, long timeoutMs,
            java.util.function.Supplier<String> why) throws Exception {
        return LoopbackCluster.awaitSamplers(gateway.port(), condition, timeoutMs, why);
    }

    private static String job(int steps) {
        return "{\"type\":\"generate\",\"model\":\"tiny-cond\",\"label\":4,\"batch\":2,\"sampler\":{\"steps\":"
                + steps + "}}";
    }

    @Test
    void aGatewayStreamsAJobThatRunsOnAnotherNode() throws Exception {
        try (WsProbe ws = WsProbe.connect(gateway.vertx(), gateway.port())) {
            ws.send(job(8));
            JsonNode accepted = ws.nextText(30);
            assertEquals("accepted", accepted.path("type").asText(), accepted.toString());
            int steps = 0;
            int images = 0;
            while (true) {
                WsProbe.Received r = ws.next(30);
                if (!r.isText()) {
                    images++;
                    continue;
                }
                if (r.type().equals("done")) break;
                assertEquals("step", r.type(), r.json().toString());
                assertEquals(++steps, r.json().path("step").asInt());
            }
            assertEquals(8, steps);
            assertEquals(8 * 2 * 2, images, "PNG frames crossed the cluster");
        }
    }

    @Test
    void aSamplerKilledMidJobGivesAClearErrorAndAResubmissionCompletesElsewhere() throws Exception {
        String inJvm = nodes().get(0);
        Process child = cluster.startProcess(config(EnumSet.of(Role.SAMPLER)), dir, "sampler");
        try (WsProbe ws = WsProbe.connect(gateway.vertx(), gateway.port())) {
            awaitNodes(n -> n.size() == 2, 120_000, () -> LoopbackCluster.log(dir, "sampler"));
            sampler.vertx().close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            sampler = null; // only the child JVM's sampler is left
            awaitNodes(n -> n.size() == 1 && !n.contains(inJvm), 30_000, () -> "the in-JVM sampler said goodbye");
            ws.send(job(1000));
            JsonNode accepted = ws.nextText(60);
            assertEquals("accepted", accepted.path("type").asText(), accepted.toString());
            assertEquals("step", ws.nextText(30).path("type").asText());
            String childNode = accepted.path("node").asText();
            sampler = node(EnumSet.of(Role.SAMPLER)); // a survivor joins, then the child dies hard
            awaitNodes(n -> n.size() == 2, 30_000, () -> "the survivor joined");
            child.destroyForcibly().waitFor();
            long killedAt = System.currentTimeMillis();
            JsonNode m = nextNonStep(ws);
            assertEquals("INTERNAL", m.path("code").asText(), m.toString());
            assertTrue(m.path("message").asText().contains("stopped answering"), m.toString());
            assertTrue(System.currentTimeMillis() - killedAt < 15_000, "the client must not hang");
            awaitNodes(n -> n.size() == 1 && !n.contains(childNode), 30_000, () -> "the dead child is forgotten");
            resubmitCompletes(ws, childNode);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aSamplerShuttingDownEndsItsJobsWithARetryableError() throws Exception {
        try (WsProbe ws = WsProbe.connect(gateway.vertx(), gateway.port())) {
            ws.send(job(1000));
            String node = ws.nextText(30).path("node").asText();
            assertEquals("step", ws.nextText(30).path("type").asText());
            Launcher.Running stopping = sampler;
            sampler = node(EnumSet.of(Role.SAMPLER));
            awaitNodes(n -> n.size() == 2, 30_000, () -> "the second sampler joined");
            stopping.vertx().close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            JsonNode m = nextNonStep(ws);
            assertEquals("INTERNAL", m.path("code").asText(), m.toString());
            assertTrue(m.path("message").asText().contains("shutting down; resubmit"), m.toString());
            awaitNodes(n -> n.size() == 1 && !n.contains(node), 30_000, () -> "the stopped sampler said goodbye");
            resubmitCompletes(ws, node);
        }
    }

    private void resubmitCompletes(WsProbe ws, String deadNode) throws Exception {
        ws.send(job(5));
        JsonNode accepted = ws.nextText(30);
        assertEquals("accepted", accepted.path("type").asText(), accepted.toString());
        assertNotEquals(deadNode, accepted.path("node").asText());
        JsonNode m = nextNonStep(ws);
        assertEquals("done", m.path("type").asText(), m.toString());
    }

    private static JsonNode nextNonStep(WsProbe ws) throws Exception {
        JsonNode m;
        do {
            m = ws.nextText(30);
        } while (m.path("type").asText().equals("step"));
        return m;
    }
}
