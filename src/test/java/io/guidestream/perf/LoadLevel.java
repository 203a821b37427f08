package io.guidestream.perf;

import io.guidestream.config.LimitsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One level of WebSocket load, shared by {@code ws-load} and {@code cluster-load}: n {@link WsLoadClient}s against a
 * gateway port, submitting back to back for the window; then no new jobs, and the ones in flight finish (not counted).
 */
final class LoadLevel {
    /** Most clients a level may have; the per-client limits are raised to it. */
    static final int MAX_CLIENTS = 256;
    /** The per-client connection cap for a run: every client's socket, plus the benchmark's own REST calls. */
    static final int MAX_CONNECTIONS = MAX_CLIENTS + 8;
    /** Steps per job of {@link #GENERATE}. */
    static final int STEPS = 20;
    /** DDIM 20 steps, batch 1, unguided with telemetry, x_t + x̂0 previews every step. */
    static final String GENERATE = "{\"type\":\"generate\",\"requestId\":\"%s\",\"model\":\"" + BenchModels.UNET
            + "\",\"label\":3,\"batch\":1,\"sampler\":{\"kind\":\"ddim\",\"steps\":" + STEPS
            + "},\"guidance\":{\"method\":\"none\"},\"preview\":{\"every\":1,\"kinds\":[\"xt\",\"x0\"]}}";

    private LoadLevel() {
    }

    /**
     * What the clients saw in the window.
     *
     * @param steps    step messages in the window
     * @param stepsAll step messages in the window and while the last jobs drained
     * @param drained  whether the jobs in flight at the window's end finished within 120 s
     */
    record Result(int clients, int seconds, int jobs, long steps, long stepsAll, long images, double[] gaps,
            int errors, List<String> firstErrors, boolean drained) {
        /** Step messages in the window ÷ steps per job ÷ seconds: jobs cut by the window's edges count pro rata. */
        double jobsPerSecond() {
            return steps / (double) STEPS / seconds;
        }

        double gapPercentile(double p) {
            return gaps.length == 0 ? Double.NaN : PerfSupport.percentile(gaps, p);
        }

        int errorsWithDrain() {
            return errors + (drained ? 0 : 1);
        }

        /** The first errors, under the row of the level. */
        void printErrors() {
            firstErrors.forEach(e -> System.out.println("#   error: " + e));
            if (!drained) System.out.println("#   error: jobs still running 120 s after the window closed");
        }
    }

    /**
     * Every loopback client is the same address (127.0.0.1), so the per-client limits would cap the whole run: the
     * load benchmarks raise them.
     */
    static LimitsConfig raisedLimits() {
        return LimitsConfig.defaults().withMaxJobsPerClient(MAX_CLIENTS).withRequestsPerSecond(10_000);
    }

    static void printLimits(LimitsConfig limits) {
        System.out.printf(Locale.ROOT, "# limits raised for the run (all clients share 127.0.0.1):"
                + " maxJobsPerClient %d, requestsPerSecond %.0f, http.maxConnectionsPerClient %d%n",
                limits.maxJobsPerClient(), limits.requestsPerSecond(), MAX_CONNECTIONS);
    }

    static Result run(Vertx vertx, int port, int n, int seconds) throws Exception {
        List<WsLoadClient> cs = new ArrayList<>();
        List<Future<String>> deployed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            WsLoadClient c = new WsLoadClient(port, i, GENERATE);
            cs.add(c);
            deployed.add(vertx.deployVerticle(c));
        }
        List<String> ids = await(Future.all(deployed).map(f -> f.<String>list()), 60);
        cs.forEach(WsLoadClient::begin);
        Thread.sleep(seconds * 1000L);
        cs.forEach(WsLoadClient::end);
        boolean drained = awaitQuietly(Future.join(cs.stream().map(WsLoadClient::finished).toList()), 120);
        for (String id : ids) await(vertx.undeploy(id), 30);
        double[] gaps = cs.stream().flatMapToDouble(c -> Arrays.stream(c.gaps())).toArray();
        List<String> firstErrors = cs.stream().filter(c -> c.firstError != null).map(c -> c.firstError).limit(3)
                .toList();
        return new Result(n, seconds, cs.stream().mapToInt(c -> c.jobsInWindow).sum(),
                cs.stream().mapToLong(c -> c.steps).sum(), cs.stream().mapToLong(c -> c.stepsAll).sum(),
                cs.stream().mapToLong(c -> c.imagesInWindow).sum(), gaps, cs.stream().mapToInt(c -> c.errors).sum(),
                firstErrors, drained);
    }

    static <T> T await(Future<T> f, int seconds) throws Exception {
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
