package io.guidestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Await;
import io.guidestream.bus.Addresses;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.SamplerKind;
import io.guidestream.bus.SamplerStatus;
import io.guidestream.bus.StepFrame;
import io.guidestream.bus.codec.RecordCodec;
import io.guidestream.json.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a gateway places a job ({@link JobPlacer}, driven through {@link JobHub} as the sockets drive it) among fake
 * samplers on a local event bus, each of which takes every job, refuses it for want of room, or stays silent: a
 * refusal sends the job to the next sampler at once, silence after {@link JobPlacer#ADMISSION_TIMEOUT_MS}, and the
 * client gets {@code CAPACITY} only when no sampler is left; the routing meters count each refusal by its reason.
 */
class JobPlacerTest {
    private static final String MODEL = "m";
    private static final long TIMEOUT_MS = JobPlacer.ADMISSION_TIMEOUT_MS;

    /** What a fake sampler does with a job offered to it. */
    private enum Behaviour {
        TAKES, FULL, SILENT
    }

    private Vertx vertx;
    private Context loop;
    private SimpleMeterRegistry registry;
    private GatewayMetrics metrics;
    private SamplerDirectory directory;
    private JobHub hub;
    /** Job ids each fake sampler was told to drop. */
    private final Map<String, BlockingQueue<String>> cancels = new TreeMap<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        RecordCodec.registerAll(vertx.eventBus());
        loop = vertx.getOrCreateContext();
        registry = new SimpleMeterRegistry();
        metrics = new GatewayMetrics(registry);
        onLoop(() -> {
            directory = new SamplerDirectory(vertx, 60_000, new RoutingMetrics(registry), node -> hub.nodeLost(node));
            hub = new JobHub(vertx, metrics, 60_000, 100, directory);
            return null;
        });
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSamplerThatRefusesForWantOfRoomIsPassedOverAndTheNextTakesTheJobAtOnce() throws Exception {
        samplers(Map.of("s1", Behaviour.FULL, "s2", Behaviour.TAKES, "s3", Behaviour.TAKES));
        Client client = submit();
        JsonNode accepted = client.next();
        assertEquals("accepted", accepted.path("type").asText(), accepted.toString());
        assertEquals("s2", accepted.path("node").asText(), "idle, ties to the lower node id, after s1's refusal");
        assertTrue(client.elapsedMs() < TIMEOUT_MS, "no timeout waited: " + client.elapsedMs() + " ms");
        assertEquals(1.0, refusals("s1", "capacity"));
        assertEquals(0.0, refusals("s1", "unanswered"));
        assertEquals(List.of(client.jobId), List.copyOf(cancels.get("s1")), "s1 is told to drop the job");

        JsonNode second = submit().next();
        assertEquals("s3", second.path("node").asText(), "s1 is passed over until its next advert; s3 is idle");
        assertEquals(Map.of("s1", 1.0, "s2", 1.0, "s3", 1.0), routed(), "offers per sampler");
        assertEquals(0, metrics.jobsRejected("capacity"));
    }

    @Test
    void aSilentSamplerIsDroppedFromRoutingAndTheJobGoesToTheNextAfterTheAdmissionTimeout() throws Exception {
        samplers(Map.of("s1", Behaviour.SILENT, "s2", Behaviour.TAKES));
        Client client = submit();
        JsonNode accepted = client.next();
        assertEquals("accepted", accepted.path("type").asText(), accepted.toString());
        assertEquals("s2", accepted.path("node").asText());
        long ms = client.elapsedMs();
        assertTrue(ms >= TIMEOUT_MS && ms < TIMEOUT_MS + 1_000, "placed " + ms + " ms after it was submitted");
        assertEquals(1.0, refusals("s1", "unanswered"));
        assertEquals(List.of(client.jobId), List.copyOf(cancels.get("s1")),
                "s1 is told to drop the job should it arrive after all");

        Client next = submit();
        assertEquals("s2", next.next().path("node").asText(), "s1 is out of routing until it advertises again");
        assertTrue(next.elapsedMs() < TIMEOUT_MS, "no second timeout: " + next.elapsedMs() + " ms");
        assertEquals(Map.of("s1", 1.0, "s2", 2.0), routed(), "offers per sampler");
    }

    @Test
    void capacityAfterATimeoutOnlyWhenNoSamplerIsLeft() throws Exception {
        samplers(Map.of("s1", Behaviour.SILENT, "s2", Behaviour.FULL, "s3", Behaviour.FULL));
        Client client = submit();
        JsonNode refused = client.next();
        long ms = client.elapsedMs();
        assertEquals("error", refused.path("type").asText(), refused.toString());
        assertEquals("CAPACITY", refused.path("code").asText(), refused.toString());
        assertTrue(refused.path("message").asText().contains("no answer within " + TIMEOUT_MS + " ms from s1"),
                refused.toString());
        assertTrue(ms >= TIMEOUT_MS && ms < TIMEOUT_MS + 1_000, "refused " + ms + " ms after it was submitted");
        assertEquals(1.0, refusals("s1", "unanswered"));
        assertEquals(1.0, refusals("s2", "capacity"));
        assertEquals(1.0, refusals("s3", "capacity"));
        assertEquals(Map.of("s1", 1.0, "s2", 1.0, "s3", 1.0), routed(), "each sampler was offered the job once");
        assertEquals(1, metrics.jobsRejected("capacity"));
    }

    /** Fake samplers, idle, 16 slots each, serving {@link #MODEL}, known to the gateway once this returns. */
    private void samplers(Map<String, Behaviour> behaviours) throws Exception {
        EventBus bus = vertx.eventBus();
        for (var e : behaviours.entrySet()) {
            String node = e.getKey();
            BlockingQueue<String> dropped = new LinkedBlockingQueue<>();
            cancels.put(node, dropped);
            bus.<String>consumer(Addresses.cancelOn(node), m -> dropped.add(m.body()));
            long[] admissions = {0};
            bus.<GenerateCommand>consumer(Addresses.generateOn(node), m -> {
                GenerateCommand cmd = m.body();
                DeliveryOptions from = new DeliveryOptions().addHeader(Addresses.FROM_SAMPLER, node);
                switch (e.getValue()) {
                    case TAKES -> {
                        bus.send(cmd.replyAddress(), new JobEvent.Reserved(cmd.jobId(), node, ++admissions[0]), from);
                        bus.send(cmd.replyAddress(), new JobEvent.Accepted(cmd.jobId(), cmd.sampler().steps(), node,
                                1), from);
                    }
                    case FULL -> bus.send(cmd.replyAddress(), new JobEvent.Failed(cmd.jobId(), ErrorCode.CAPACITY,
                            "sampler " + node + " has no room"), from);
                    case SILENT -> {
                    }
                }
            }).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            SamplerStatus.ModelInfo model = new SamplerStatus.ModelInfo(MODEL, 1, "EPSILON", 10, 28, null, "", 1,
                    "djl");
            bus.publish(Addresses.SAMPLER_ADVERTS, new SamplerStatus(node, true, 0, 16, List.of(model), 0,
                    Map.of()));
        }
        Await.until(() -> onLoop(() -> directory.samplers().size()) == behaviours.size(), Duration.ofSeconds(10),
                "the gateway sees every advert");
    }

    /** A one-image job submitted as a socket would; its client's messages arrive in {@link Client#texts}. */
    private Client submit() throws Exception {
        Client client = new Client(UUID.randomUUID().toString());
        GenerateCommand cmd = new GenerateCommand(client.jobId, hub.replyAddress(), MODEL, List.of(-1), 1,
                new GenerateCommand.SamplerSettings(SamplerKind.DDIM, 10, 0), GenerateCommand.GuidanceSettings.none(),
                new GenerateCommand.PreviewSettings(0, Set.of()));
        client.submittedAt = System.nanoTime();
        assertTrue(onLoop(() -> hub.start(new GenerateRequest.Parsed("r-" + client.jobId, cmd, false), client,
                "client").isPresent()));
        return client;
    }

    /** A client's socket as the hub sees it. */
    private static final class Client implements JobStream.ClientLink {
        final String jobId;
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        long submittedAt;
        long firstAt;

        Client(String jobId) {
            this.jobId = jobId;
        }

        @Override
        public void text(String json) {
            if (firstAt == 0) firstAt = System.nanoTime();
            texts.add(json);
        }

        @Override
        public void frame(StepFrame f) {
        }

        @Override
        public void image(Buffer frame) {
        }

        @Override
        public void jobEnded(String jobId) {
        }

        /** The client's next message, waiting at most twice the admission timeout. */
        JsonNode next() throws Exception {
            String text = texts.poll(2 * TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
            assertNotNull(text, "no message for job " + jobId);
            return Json.MAPPER.readTree(text);
        }

        /** From submission to the client's first message. */
        long elapsedMs() {
            return (firstAt - submittedAt) / 1_000_000;
        }
    }

    private double refusals(String node, String reason) {
        Counter c = registry.find("guidestream.routing.refusals").tag("sampler", node).tag("reason", reason)
                .counter();
        return c == null ? Double.NaN : c.count();
    }

    private Map<String, Double> routed() {
        Map<String, Double> out = new TreeMap<>();
        registry.find("guidestream.routing.jobs").counters().forEach(c -> out.put(c.getId().getTag("sampler"),
                c.count()));
        return out;
    }

    /** Runs {@code action} on the gateway's event loop (the routing classes are confined to it) and waits. */
    private <T> T onLoop(Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.runOnContext(v -> {
            try {
                result.complete(action.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }
}
