package io.guidestream.perf;

import io.guidestream.TestConfig;
import io.guidestream.app.AppConfig;
import io.guidestream.app.Launcher;
import io.guidestream.app.Role;
import io.guidestream.registry.ModelRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WebSocket load on loopback: the real service (gateway + sampler, {@link Launcher}) in this JVM, and N concurrent
 * clients on a Vert.x of their own, each submitting short generations back to back for a fixed window. Per level:
 * jobs completed per second (step messages received in the window ÷ steps per job, so that the jobs that the
 * window's end cuts count pro rata), the gap between consecutive {@code step} messages of a job as clients saw them,
 * previews the gateway dropped for slow clients, the peak resident set (server and clients: one process) and errors.
 */
final class WsLoad {
    private static final int STEPS = 20;
    private static final int MAX_CLIENTS = 256;
    private static final String GENERATE = "{\"type\":\"generate\",\"requestId\":\"%s\",\"model\":\""
            + BenchModels.UNET + "\",\"label\":3,\"batch\":1,\"sampler\":{\"kind\":\"ddim\",\"steps\":" + STEPS
            + "},\"guidance\":{\"method\":\"none\"},\"preview\":{\"every\":1,\"kinds\":[\"xt\",\"x0\"]}}";

    private WsLoad() {
    }

    /** {@code perf/bench ws-load [clients] [seconds]}: levels 1, 4, 16 unless a client count is given. */
    static void run(String[] args) throws Exception {
        int[] levels = args.length > 0
                ? new int[] {PerfSupport.intArg(args, 0, 1, 1, MAX_CLIENTS, "clients")} : new int[] {1, 4, 16};
        int seconds = PerfSupport.intArg(args, 1, 20, 1, 600, "seconds");
        // Every loopback client is the same address (127.0.0.1), so the per-client limits would cap the whole run.
        AppConfig.Limits limits = AppConfig.Limits.defaults().withMaxJobsPerClient(MAX_CLIENTS)
                .withRequestsPerSecond(10_000);
        PerfSupport.header("WebSocket load on loopback: real service in-process, bench U-Net + classifier (shipped"
                + " architecture, random weights); DDIM " + STEPS + " steps, batch 1, telemetry, x_t + x̂0 previews"
                + " every step; " + seconds + " s per level");
        System.out.println("# jobs: done within the window; jobs/s: step messages in the window / " + STEPS
                + " / seconds; gap: between consecutive step messages of a job; dropped: gateway counter;"
                + " RSS: peak, server + clients");
        System.out.printf(Locale.ROOT, "# limits raised for the run (all clients share 127.0.0.1):"
                + " maxJobsPerClient %d, requestsPerSecond %.0f, http.maxConnectionsPerClient %d%n",
                limits.maxJobsPerClient(), limits.requestsPerSecond(), MAX_CLIENTS + 8);
        ModelRegistry registry = BenchModels.create();
        AppConfig config = TestConfig.of(EnumSet.of(Role.GATEWAY, Role.SAMPLER), registry.root(),
                registry.root().resolve("runs"), List.of(BenchModels.UNET), limits);
        config = config.withHttp(config.http().withMaxConnectionsPerClient(MAX_CLIENTS + 8));
        Vertx server = Vertx.vertx();
        Vertx clients = Vertx.vertx();
        try {
            Launcher.Running running = await(Launcher.start(server, config), 300);
            level(clients, running, 1, Math.min(5, seconds), null); // warm-up: gateway and client code paths
            System.out.printf(Locale.ROOT, "%7s %6s %7s %11s %11s %9s %8s %8s %7s%n", "clients", "jobs", "jobs/s",
                    "gap p50 ms", "gap p99 ms", "images/s", "dropped", "RSS MiB", "errors");
            for (int n : levels) level(clients, running, n, seconds, System.out);
        } finally {
            clients.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** One level: connect n clients, let them run for the window, drain their last jobs, print (if out is set). */
    private static void level(Vertx vertx, Launcher.Running running, int n, int seconds,
            java.io.PrintStream out) throws Exception {
        List<WsLoadClient> cs = new ArrayList<>();
        List<Future<String>> deployed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            WsLoadClient c = new WsLoadClient(running.port(), i, GENERATE);
            cs.add(c);
            deployed.add(vertx.deployVerticle(c));
        }
        List<String> ids = await(Future.all(deployed).map(f -> f.<String>list()), 60);
        double droppedBefore = dropped(running);
        AtomicLong peakRss = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peakRss.accumulateAndGet((long) PerfSupport.rssMiB(), Math::max), 0, 250,
                TimeUnit.MILLISECONDS);
        cs.forEach(WsLoadClient::begin);
        Thread.sleep(seconds * 1000L);
        cs.forEach(WsLoadClient::end);
        boolean drained = awaitQuietly(Future.join(cs.stream().map(WsLoadClient::finished).toList()), 120);
        sampler.shutdownNow();
        for (String id : ids) await(vertx.undeploy(id), 30);
        if (out != null) print(out, cs, n, seconds, dropped(running) - droppedBefore, peakRss.get(), drained);
    }

    private static void print(java.io.PrintStream out, List<WsLoadClient> cs, int n, int seconds, double dropped,
            long rssMiB, boolean drained) {
        int jobs = cs.stream().mapToInt(c -> c.jobsInWindow).sum();
        long steps = cs.stream().mapToLong(c -> c.steps).sum();
        int errors = cs.stream().mapToInt(c -> c.errors).sum() + (drained ? 0 : 1);
        long images = cs.stream().mapToLong(c -> c.imagesInWindow).sum();
        double[] gaps = cs.stream().flatMapToDouble(c -> java.util.Arrays.stream(c.gaps())).toArray();
        double p50 = gaps.length == 0 ? Double.NaN : PerfSupport.percentile(gaps, 50);
        double p99 = gaps.length == 0 ? Double.NaN : PerfSupport.percentile(gaps, 99);
        out.printf(Locale.ROOT, "%7d %6d %7.2f %11.1f %11.1f %9.1f %8.0f %8d %7d%n", n, jobs,
                steps / (double) STEPS / seconds, p50, p99, images / (double) seconds, dropped, rssMiB, errors);
        cs.stream().filter(c -> c.firstError != null).limit(3).forEach(c -> out.println("#   error: " + c.firstError));
        if (!drained) out.println("#   error: jobs still running 120 s after the window closed");
    }

    private static double dropped(Launcher.Running running) {
        return running.registry().get("guidestream.preview.frames.dropped").counter().count();
    }

    private static <T> T await(Future<T> f, int seconds) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }

    private static boolean awaitQuietly(Future<?> f, int seconds) {
        try {
            await(f, seconds);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
