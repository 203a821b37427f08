package io.guidestream.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Await;
import io.guidestream.LoopbackCluster;
import io.guidestream.TestConfig;
import io.guidestream.TestModels;
import io.guidestream.WsProbe;
import io.guidestream.app.Launcher;
import io.guidestream.bus.Addresses;
import io.guidestream.bus.SamplerStatus;
import io.guidestream.config.AppConfig;
import io.guidestream.config.Role;
import io.guidestream.config.SamplerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out over JVMs (issue 27): a gateway and three samplers of 16 slots each, every node a clustered Vert.x of its
 * own on loopback, one sampler in a child JVM so that it can be suspended ({@code kill -STOP}) and killed
 * ({@code kill -9}). A burst spreads, jobs fill every slot before anyone gets {@code CAPACITY} (each sampler refusing
 * the one job too many in turn), a job offered to a suspended sampler goes to a survivor after the admission timeout,
 * a job sent just after a sampler died completes on a survivor, and the cluster listens on the configured interface
 * only. The kill comes last: the other tests need all three.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutTest {
    private static final int SLOTS = 16;
    private static final String CHILD = "sampler-child";
    /** JobPlacer's admission timeout (package-private there). */
    private static final long TIMEOUT_MS = 2_000;

    @TempDir
    static Path dir;
    final LoopbackCluster cluster = new LoopbackCluster();
    Launcher.Running gateway;
    final List<Launcher.Running> inJvm = new ArrayList<>();
    Process child;
    String childNode;

    private AppConfig config(Role role) {
        AppConfig c = TestConfig.of(EnumSet.of(role), dir, dir.resolve("runs"), List.of(TestModels.COND));
        return c.withSampler(new SamplerConfig(SLOTS, c.sampler().warmModels(), c.sampler().device(),
                c.sampler().laneItems()));
    }

    @BeforeAll
    void start() throws Exception {
        TestModels.registry(dir);
        child = cluster.startProcess(config(Role.SAMPLER), dir, CHILD); // the slowest to start: first
        gateway = cluster.start(config(Role.GATEWAY));
        inJvm.add(cluster.start(config(Role.SAMPLER)));
        inJvm.add(cluster.start(config(Role.SAMPLER)));
        List<String> nodes = new ArrayList<>(LoopbackCluster.awaitSamplers(gateway.port(), n -> n.size() == 3,
                120_000, () -> LoopbackCluster.log(dir, CHILD)));
        inJvm.forEach(r -> nodes.remove(r.sampler().node()));
        childNode = nodes.get(0);
    }

    @AfterAll
    void stop() throws Exception {
        if (child != null) child.destroyForcibly();
        List<Launcher.Running> nodes = new ArrayList<>(inJvm);
        if (gateway != null) nodes.add(gateway);
        Future.join(nodes.stream().map(Launcher.Running::stop).toList()).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
    }

    @Test
    @Order(1)
    void twelveSimultaneousOneImageJobsLandAtMostFiveOnAnySampler() throws Exception {
        awaitIdle();
        Map<String, Double> routedBefore = perSampler("guidestream.routing.jobs");
        Map<String, Integer> accepted = new TreeMap<>();
        try (WsProbe a = connect(); WsProbe b = connect()) { // at most 8 jobs per socket
            for (int j = 0; j < 12; j++) (j < 6 ? a : b).send(job("burst-" + j, 1, 1000));
            for (WsProbe ws : List.of(a, b)) {
                for (int j = 0; j < 6; j++) accepted.merge(nextAccepted(ws).path("node").asText(), 1, Integer::sum);
            }
        }
        assertEquals(3, accepted.size(), "every sampler took some: " + accepted);
        assertTrue(Collections.max(accepted.values()) <= 5, "at most 5 on one sampler: " + accepted);
        Map<String, Double> routed = perSampler("guidestream.routing.jobs");
        accepted.forEach((node, n) -> assertEquals(n.doubleValue(),
                routed.get(node) - routedBefore.getOrDefault(node, 0.0), "the gateway's routing meter for " + node));
    }

    @Test
    @Order(2)
    void jobsFillEverySlotBeforeAnyIsRefusedForCapacity() throws Exception {
        awaitIdle();
        Map<String, Double> routedBefore = perSampler("guidestream.routing.jobs");
        Map<String, Double> fullBefore = refusals("capacity");
        Map<String, Integer> images = new TreeMap<>();
        List<WsProbe> clients = List.of(connect(), connect(), connect());
        try {
            for (WsProbe ws : clients) for (int j = 0; j < 4; j++) ws.send(job("fill-" + j, 4, 1000));
            for (WsProbe ws : clients) {
                for (int j = 0; j < 4; j++) images.merge(nextAccepted(ws).path("node").asText(), 4, Integer::sum);
            }
            assertEquals(3, images.size(), "every sampler took some: " + images);
            images.values().forEach(n -> assertEquals(SLOTS, n, "12 jobs of 4 images fill 3 × 16 slots: " + images));
            clients.get(0).send(job("one-more", 1, 5));
            JsonNode refused = nextFor(clients.get(0), "one-more");
            assertEquals("CAPACITY", refused.path("code").asText(), refused.toString());
            assertTrue(refused.path("message").asText().contains("no sampler has room"), refused.toString());
            // The 13th job went down the whole list: each sampler, full by the gateway's count too, was offered it
            // (its own ledger decides), refused it for want of room, and the gateway moved on to the next one.
            Map<String, Double> routed = perSampler("guidestream.routing.jobs");
            Map<String, Double> full = refusals("capacity");
            for (String node : images.keySet()) {
                assertEquals(5.0, routed.get(node) - routedBefore.getOrDefault(node, 0.0), "offers to " + node
                        + ": its 4 jobs and the 13th");
                assertEquals(1.0, full.get(node) - fullBefore.getOrDefault(node, 0.0), "CAPACITY refusals of "
                        + node);
            }
        } finally {
            clients.forEach(WsProbe::close);
        }
    }

    @Test
    @Order(3)
    void theClusterListensOnTheConfiguredInterfaceOnly() throws Exception {
        InetAddress other = nonLoopbackAddress();
        assumeTrue(other != null, "this machine has no interface besides loopback");
        var manager = (HazelcastClusterManager) ((VertxInternal) gateway.vertx()).clusterManager();
        int hazelcast = manager.getHazelcastInstance().getCluster().getLocalMember().getAddress().getPort();
        int eventBus = manager.getNodeInfo().port();
        for (int port : new int[] {hazelcast, eventBus}) {
            connect(InetAddress.getLoopbackAddress(), port); // listening, on the configured 127.0.0.1
            assertThrows(IOException.class, () -> connect(other, port), "port " + port + " on " + other);
        }
    }

    @Test
    @Order(4)
    void aJobOfferedToASuspendedSamplerCompletesOnASurvivorAfterTheAdmissionTimeout() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/kill")), "needs kill(1) to suspend the child JVM");
        awaitIdle();
        try (WsProbe ws = connect()) {
            makeTheChildTheFirstChoice(ws);
            Map<String, Double> removed = childCountersAsRemoved();
            double unansweredBefore = refusals(childNode, "unanswered");
            AdvertCount childAdverts = countChildAdverts(); // registered while the child can still take part
            signal(child, "STOP"); // reachable (its sockets stay open), but it answers nothing
            try {
                long sent = System.nanoTime();
                ws.send(job("after-stop", 1, 5));
                JsonNode accepted = nextFor(ws, "after-stop");
                long acceptedMs = (System.nanoTime() - sent) / 1_000_000;
                assertEquals("accepted", accepted.path("type").asText(), accepted.toString());
                assertNotEquals(childNode, accepted.path("node").asText());
                // Offered to the child first, silence, then the next sampler: not before the timeout.
                assertTrue(acceptedMs >= TIMEOUT_MS, "accepted " + acceptedMs + " ms after it was sent");
                // Should the gateway forget the child (adverts stopped 5 s ago) first, its series go: read them then.
                double unanswered = refusals(childNode, "unanswered");
                if (Double.isNaN(unanswered)) {
                    unanswered = removed.getOrDefault("guidestream.routing.refusals/unanswered", Double.NaN);
                }
                assertEquals(1.0, unanswered - unansweredBefore, "the suspended sampler's unanswered offers");
                JsonNode end = nextEnd(ws, "after-stop");
                assertEquals("done", end.path("type").asText(), end.toString());
                long ms = (System.nanoTime() - sent) / 1_000_000;
                System.out.printf("a job offered to a suspended sampler: accepted by a survivor %d ms after it was"
                        + " sent, done after %d ms%n", acceptedMs, ms);
                assertTrue(ms <= 5_000, "done " + ms + " ms after it was sent");
            } finally {
                resumeChild(childAdverts);
            }
        }
    }

    @Test
    @Order(5)
    void aJobSentFiftyMillisecondsAfterASamplersKillNineCompletesOnASurvivorWithinFiveSeconds() throws Exception {
        awaitIdle();
        try (WsProbe ws = connect()) {
            makeTheChildTheFirstChoice(ws);
            Map<String, Double> removed = childCountersAsRemoved();
            double unansweredBefore = refusals(childNode, "unanswered"); // the suspension's, if it is still known
            child.destroyForcibly().waitFor(); // SIGKILL
            Thread.sleep(50); // the case: a job submitted 50 ms after the kill
            long sent = System.nanoTime();
            ws.send(job("after-kill", 1, 5));
            JsonNode accepted = nextFor(ws, "after-kill");
            long acceptedMs = (System.nanoTime() - sent) / 1_000_000;
            assertEquals("accepted", accepted.path("type").asText(), accepted.toString());
            assertNotEquals(childNode, accepted.path("node").asText());
            // Offered to the dead sampler first: counted as unanswered (a refused connection), or, should Hazelcast
            // have dropped its address already (about 0.5 s after the kill here), the gateway forgot it, series too.
            double unanswered = removed.getOrDefault("guidestream.routing.refusals/unanswered",
                    refusals(childNode, "unanswered"));
            assertEquals(1.0, unanswered - unansweredBefore, "the job was offered to the dead sampler first");
            JsonNode end = nextEnd(ws, "after-kill");
            assertEquals("done", end.path("type").asText(), end.toString());
            long ms = (System.nanoTime() - sent) / 1_000_000;
            System.out.printf("a job sent 50 ms after the kill: accepted by a survivor %d ms after it was sent, done"
                    + " after %d ms%n", acceptedMs, ms);
            assertTrue(ms < 5_000, "done " + ms + " ms after it was sent");
        }
    }

    /**
     * One long job on each sampler (a burst spreads), then the child's ends: the child, idle, is now the gateway's
     * first choice.
     */
    private void makeTheChildTheFirstChoice(WsProbe ws) throws Exception {
        Map<String, String> nodeOf = new TreeMap<>();
        for (int j = 0; j < 3; j++) ws.send(job("long-" + j, 1, 1000));
        for (int j = 0; j < 3; j++) {
            JsonNode a = nextAccepted(ws);
            nodeOf.put(a.path("node").asText(), a.path("requestId").asText());
        }
        assertEquals(3, nodeOf.size(), "one per sampler: " + nodeOf);
        ws.send("{\"type\":\"cancel\",\"requestId\":\"" + nodeOf.get(childNode) + "\"}");
        assertEquals("CANCELLED", nextEnd(ws, nodeOf.get(childNode)).path("code").asText());
        awaitActiveItems(childNode, 0);
    }

    /**
     * The child's routing counters as they stood when the gateway forgot the child (their series go with it), by
     * name/reason; empty while it has not.
     */
    private Map<String, Double> childCountersAsRemoved() {
        Map<String, Double> removed = new ConcurrentHashMap<>();
        gateway.registry().config().onMeterRemoved(m -> {
            if (m instanceof Counter c && childNode.equals(c.getId().getTag("sampler"))) {
                removed.put(c.getId().getName() + "/" + c.getId().getTag("reason"), c.count());
            }
        });
        return removed;
    }

    /** The child's adverts as the gateway's node receives them, counted by a listener of the gateway's. */
    private record AdvertCount(AtomicInteger count, MessageConsumer<SamplerStatus> listener) {
    }

    /**
     * Starts counting the child's adverts. A registration is a write to Hazelcast's subscription map, which can wait
     * on a suspended member: register while all members answer.
     */
    private AdvertCount countChildAdverts() throws Exception {
        AtomicInteger count = new AtomicInteger();
        MessageConsumer<SamplerStatus> listener = gateway.vertx().eventBus().consumer(Addresses.SAMPLER_ADVERTS,
                m -> {
                    if (m.body().node().equals(childNode)) count.incrementAndGet();
                });
        listener.completion().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return new AdvertCount(count, listener);
    }

    /**
     * Resumes the suspended child and waits until the gateway routes to it again: its second advert since (the
     * first one clears the gateway's suspicion; the gateway's directory and the listener see each advert about at
     * once).
     */
    private void resumeChild(AdvertCount adverts) throws Exception {
        try {
            int before = adverts.count().get();
            signal(child, "CONT");
            Await.until(() -> adverts.count().get() >= before + 2, Duration.ofSeconds(30),
                    "the resumed child advertises");
        } finally {
            adverts.listener().unregister();
        }
    }

    private static void signal(Process process, String signal) throws Exception {
        int rc = new ProcessBuilder("/bin/kill", "-" + signal, Long.toString(process.pid())).inheritIO().start()
                .waitFor();
        assertEquals(0, rc, "kill -" + signal + " " + process.pid());
    }

    private static String job(String requestId, int images, int steps) {
        return "{\"type\":\"generate\",\"requestId\":\"" + requestId + "\",\"model\":\"" + TestModels.COND
                + "\",\"batch\":" + images + ",\"sampler\":{\"steps\":" + steps + "},\"preview\":{\"every\":0}}";
    }

    private WsProbe connect() throws Exception {
        return WsProbe.connect(gateway.vertx(), gateway.port());
    }

    /** The next {@code accepted} on the socket (failing on an error); other jobs' steps are skipped. */
    private static JsonNode nextAccepted(WsProbe ws) throws Exception {
        while (true) {
            JsonNode m = ws.nextText(30);
            if (m.path("type").asText().equals("accepted")) return m;
            assertEquals("step", m.path("type").asText(), m.toString());
        }
    }

    /** The next message about {@code requestId}, skipping the other jobs'. */
    private static JsonNode nextFor(WsProbe ws, String requestId) throws Exception {
        while (true) {
            JsonNode m = ws.nextText(30);
            if (m.path("requestId").asText().equals(requestId)) return m;
        }
    }

    /** The job's last message ({@code done} or an error), skipping its steps and other jobs' messages. */
    private static JsonNode nextEnd(WsProbe ws, String requestId) throws Exception {
        JsonNode m;
        do {
            m = nextFor(ws, requestId);
        } while (m.path("type").asText().equals("step"));
        return m;
    }

    /** No sampler holds anything, as the gateway counts (the previous test's sockets have closed). */
    private void awaitIdle() throws Exception {
        for (String node : LoopbackCluster.samplers(gateway.port())) awaitActiveItems(node, 0);
    }

    private void awaitActiveItems(String node, double items) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (activeItems(node) != items) {
            assertTrue(System.currentTimeMillis() < deadline, node + " still counts " + activeItems(node) + " items");
            Thread.sleep(50);
        }
    }

    private double activeItems(String node) {
        Gauge g = gateway.registry().find("guidestream.routing.active.items").tag("sampler", node).gauge();
        return g == null ? Double.NaN : g.value();
    }

    private double refusals(String node, String reason) {
        Counter c = gateway.registry().find("guidestream.routing.refusals").tag("sampler", node).tag("reason", reason)
                .counter();
        return c == null ? Double.NaN : c.count();
    }

    /** The routing refusals for {@code reason} by sampler. */
    private Map<String, Double> refusals(String reason) {
        Map<String, Double> out = new TreeMap<>();
        gateway.registry().find("guidestream.routing.refusals").tag("reason", reason).counters()
                .forEach(c -> out.put(c.getId().getTag("sampler"), c.count()));
        return out;
    }

    private Map<String, Double> perSampler(String counter) {
        Map<String, Double> out = new TreeMap<>();
        gateway.registry().find(counter).counters().forEach(c -> out.put(c.getId().getTag("sampler"), c.count()));
        return out;
    }

    private static void connect(InetAddress host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2_000);
        }
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!i.isUp() || i.isLoopback()) continue;
            for (InetAddress a : Collections.list(i.getInetAddresses())) if (a instanceof Inet4Address) return a;
        }
        return null;
    }
}
