package io.guidestream.perf;

import io.guidestream.bus.GuidanceMethod;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.sampling.ModelStore;
import io.guidestream.sampling.SamplingEngine;
import java.util.Locale;

/**
 * Step-level batching (issue 7): trajectory-steps per second with 1, 4, 16 and 64 concurrent one-image jobs, with the
 * engine batching their steps into one forward pass per model, and with batching off (one pass per job, as
 * one-prompt-at-a-time tools do), and against one job of as many images (the ceiling, issue 24). Unguided DDIM with
 * telemetry, no previews. All measured in one run.
 */
final class Batching {
    private static final int REPETITIONS = 3;

    private Batching() {
    }

    /**
     * {@code batching [jobs...]}: the table, one row per job count (default 1 4 16 64: issue 24 judges 16 and 64);
     * {@code batching profile [seconds] [jobs] [images]}: only ticks of {@code jobs} (16) batched jobs of
     * {@code images} (1) images each, for a profiler.
     */
    static void run(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("profile")) {
            profile(args.length > 1 ? Integer.parseInt(args[1]) : 60, args.length > 2 ? Integer.parseInt(args[2]) : 16,
                    args.length > 3 ? Integer.parseInt(args[3]) : 1);
            return;
        }
        PerfSupport.header("step-level batching across jobs");
        System.out.printf(Locale.ROOT, "%6s %16s %16s %9s %16s %9s%n", "jobs", "batched steps/s", "unbatched steps/s",
                "speed-up", "one job steps/s", "of one job");
        ModelRegistry registry = BenchModels.create();
        try (ModelStore store = new ModelStore(registry)) {
            stepsPerSecond(store, 1, 1, false); // warm-up: the first engine of the run pays for lazy initialisation
            for (int jobs : counts(args)) {
                // Alternating repetitions, medians: a noisy neighbour affects all settings alike.
                double[] on = new double[REPETITIONS];
                double[] off = new double[REPETITIONS];
                double[] one = new double[REPETITIONS];
                for (int r = 0; r < REPETITIONS; r++) {
                    on[r] = stepsPerSecond(store, jobs, 1, true);
                    off[r] = stepsPerSecond(store, jobs, 1, false);
                    one[r] = stepsPerSecond(store, 1, jobs, true);
                }
                double a = PerfSupport.median(on);
                double b = PerfSupport.median(off);
                double c = PerfSupport.median(one);
                System.out.printf(Locale.ROOT, "%6d %16.1f %16.1f %8.2f× %16.1f %8.0f%%%n", jobs, a, b, a / b, c,
                        100 * a / c);
            }
        }
    }

    private static int[] counts(String[] args) {
        if (args.length == 0) return new int[] {1, 4, 16, 64};
        int[] counts = new int[args.length];
        for (int i = 0; i < args.length; i++) {
            counts[i] = Integer.parseInt(args[i]);
            if (counts[i] < 1 || counts[i] > 256) {
                throw new IllegalArgumentException("job counts are 1..256, got " + args[i]);
            }
        }
        return counts;
    }

    /** Ticks of {@code jobs} batched jobs for {@code seconds}, and nothing else: what a profiler should look at. */
    private static void profile(int seconds, int jobs, int images) throws Exception {
        ModelRegistry registry = BenchModels.create();
        try (ModelStore store = new ModelStore(registry);
                SamplingEngine engine = EngineBench.engine(store, 1024, "bench", true)) {
            for (int j = 0; j < jobs; j++) {
                engine.admit(EngineBench.job("j" + j, BenchModels.UNET, images, GuidanceMethod.NONE, 0));
            }
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            int ticks = 0;
            while (System.nanoTime() < end) {
                EngineBench.msPerTick(engine, 0, 1);
                ticks++;
            }
            System.out.printf(Locale.ROOT, "%d ticks of %d jobs of %d images in %d s%n", ticks, jobs, images, seconds);
        }
    }

    /** Image-steps per second of {@code jobs} concurrent jobs of {@code images} images each. */
    private static double stepsPerSecond(ModelStore store, int jobs, int images, boolean batching) {
        try (SamplingEngine engine = EngineBench.engine(store, 1024, "bench", batching)) {
            for (int j = 0; j < jobs; j++) {
                engine.admit(EngineBench.job("j" + j, BenchModels.UNET, images, GuidanceMethod.NONE, 0));
            }
            int items = jobs * images;
            double ms = EngineBench.msPerTick(engine, 3, items >= 64 ? 5 : items >= 16 ? 10 : 20);
            return jobs * images / (ms / 1e3);
        }
    }
}
