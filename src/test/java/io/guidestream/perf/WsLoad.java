package io.guidestream.perf;

import io.guidestream.TestConfig;
import io.guidestream.app.Launcher;
import io.guidestream.config.AppConfig;
import io.guidestream.config.LimitsConfig;
import io.guidestream.config.Role;
import io.guidestream.registry.ModelRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
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
    private WsLoad() {
    }

    /** {@code perf/bench ws-load [clients] [seconds]}: levels 1, 4, 16 unless a client count is given. */
    static void run(String[] args) throws Exception {
        int[] levels = args.length > 0
                ? new int[] {PerfSupport.intArg(args, 0, 1, 1, LoadLevel.MAX_CLIENTS, "clients")}
                : new int[] {1, 4, 16};
        int seconds = PerfSupport.intArg(args, 1, 20, 1, 600, "seconds");
        LimitsConfig limits = LoadLevel.raisedLimits();
        PerfSupport.header("WebSocket load on loopback: real service in-process, bench U-Net + classifier (shipped"
                + " architecture, random weights); DDIM " + LoadLevel.STEPS + " steps, batch 1, telemetry, x_t + x̂0"
                + " previews every step; " + seconds + " s per level");
        System.out.println("# jobs: done within the window; jobs/s: step messages in the window / " + LoadLevel.STEPS
                + " / seconds; gap: between consecutive step messages of a job; dropped: gateway counter;"
                + " RSS: peak, server + clients");
        LoadLevel.printLimits(limits);
        ModelRegistry registry = BenchModels.create();
        AppConfig config = TestConfig.of(EnumSet.of(Role.GATEWAY, Role.SAMPLER), registry.root(),
                registry.root().resolve("runs"), List.of(BenchModels.UNET), limits);
        config = config.withHttp(config.http().withMaxConnectionsPerClient(LoadLevel.MAX_CONNECTIONS));
        Vertx server = Vertx.vertx();
        Vertx clients = Vertx.vertx();
        try {
            Launcher.Running running = LoadLevel.await(Launcher.start(server, config), 300);
            LoadLevel.run(clients, running.port(), 1, Math.min(5, seconds)); // warm-up: gateway and client paths
            System.out.printf(Locale.ROOT, "%7s %6s %7s %11s %11s %9s %8s %8s %7s%n", "clients", "jobs", "jobs/s",
                    "gap p50 ms", "gap p99 ms", "images/s", "dropped", "RSS MiB", "errors");
            for (int n : levels) level(clients, running, n, seconds);
        } finally {
            clients.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** One level, with the process's peak RSS and the gateway's dropped previews around it; prints its row. */
    private static void level(Vertx vertx, Launcher.Running running, int n, int seconds) throws Exception {
        double droppedBefore = dropped(running);
        AtomicLong peakRss = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peakRss.accumulateAndGet((long) PerfSupport.rssMiB(), Math::max), 0, 250,
                TimeUnit.MILLISECONDS);
        LoadLevel.Result r;
        try {
            r = LoadLevel.run(vertx, running.port(), n, seconds);
        } finally {
            sampler.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "%7d %6d %7.2f %11.1f %11.1f %9.1f %8.0f %8d %7d%n", n, r.jobs(),
                r.jobsPerSecond(), r.gapPercentile(50), r.gapPercentile(99), r.images() / (double) seconds,
                dropped(running) - droppedBefore, peakRss.get(), r.errorsWithDrain());
        r.printErrors();
    }

    private static double dropped(Launcher.Running running) {
        return running.registry().get("guidestream.preview.frames.dropped").counter().count();
    }
}
