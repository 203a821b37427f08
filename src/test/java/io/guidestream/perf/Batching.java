package io.guidestream.perf;

import io.guidestream.bus.GuidanceMethod;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.sampling.ModelStore;
import io.guidestream.sampling.SamplingEngine;
import java.util.Locale;

/**
 * Step-level batching (issue 7): trajectory-steps per second with 1, 4 and 16 concurrent one-image jobs, with the
 * engine batching their steps into one forward pass per model, and with batching off (one pass per job, as
 * one-prompt-at-a-time tools do). Unguided DDIM with telemetry, no previews. Both measured in one run.
 */
final class Batching {
    private static final int REPETITIONS = 3;

    private Batching() {
    }

    static void run() throws Exception {
        PerfSupport.header("step-level batching across jobs");
        System.out.printf(Locale.ROOT, "%6s %16s %16s %9s%n", "jobs", "batched steps/s", "unbatched steps/s",
                "speed-up");
        ModelRegistry registry = BenchModels.create();
        try (ModelStore store = new ModelStore(registry)) {
            stepsPerSecond(store, 1, false); // warm-up: the first engine of the run pays for lazy initialisation
            for (int jobs : new int[] {1, 4, 16}) {
                // Alternating repetitions, medians: a noisy neighbour affects both settings alike.
                double[] on = new double[REPETITIONS];
                double[] off = new double[REPETITIONS];
                for (int r = 0; r < REPETITIONS; r++) {
                    on[r] = stepsPerSecond(store, jobs, true);
                    off[r] = stepsPerSecond(store, jobs, false);
                }
                double a = PerfSupport.median(on);
                double b = PerfSupport.median(off);
                System.out.printf(Locale.ROOT, "%6d %16.1f %16.1f %8.2f×%n", jobs, a, b, a / b);
            }
        }
    }

    private static double stepsPerSecond(ModelStore store, int jobs, boolean batching) {
        try (SamplingEngine engine = new SamplingEngine(store, 1024, "bench", batching)) {
            for (int j = 0; j < jobs; j++) {
                engine.admit(EngineBench.job("j" + j, BenchModels.UNET, 1, GuidanceMethod.NONE, 0));
            }
            double ms = EngineBench.msPerTick(engine, 3, jobs >= 16 ? 10 : 20);
            return jobs / (ms / 1e3);
        }
    }
}
