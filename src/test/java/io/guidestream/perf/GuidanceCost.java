package io.guidestream.perf;

import io.guidestream.bus.GuidanceMethod;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.sampling.ModelStore;
import io.guidestream.sampling.SamplingEngine;
import java.util.List;
import java.util.Locale;

/**
 * Step time with and without each guidance (issue 4): no classifier at all (no telemetry), unguided with telemetry
 * (one classifier forward + backward per step), ADM classifier guidance, ED-DPM entropy scale, and tail + x̂0 guidance
 * (which needs ∇H as well: the probe runs on twice the batch).
 */
final class GuidanceCost {
    private static final int REPETITIONS = 3;

    private GuidanceCost() {
    }

    static void run() throws Exception {
        PerfSupport.header("step time by guidance (DDIM, shipped architectures)");
        System.out.printf(Locale.ROOT, "%6s %-28s %10s %8s%n", "batch", "guidance", "ms/step", "× bare");
        ModelRegistry registry = BenchModels.create();
        try (ModelStore store = new ModelStore(registry)) {
            measure(store, BenchModels.UNET, 4, GuidanceMethod.CLASSIFIER); // warm-up of both networks and the backward
            record Config(String name, String model, GuidanceMethod method) {
            }
            List<Config> configs = List.of(new Config("none, no classifier", BenchModels.UNET_NO_CLASSIFIER,
                    GuidanceMethod.NONE), new Config("none (telemetry)", BenchModels.UNET, GuidanceMethod.NONE),
                    new Config("classifier", BenchModels.UNET, GuidanceMethod.CLASSIFIER),
                    new Config("entropy", BenchModels.UNET, GuidanceMethod.ENTROPY),
                    new Config("tail", BenchModels.UNET, GuidanceMethod.TAIL));
            for (int batch : new int[] {4, 16}) {
                // Round-robin repetitions, medians: a noisy neighbour affects every configuration alike.
                double[][] ms = new double[configs.size()][REPETITIONS];
                for (int r = 0; r < REPETITIONS; r++) {
                    for (int c = 0; c < configs.size(); c++) {
                        ms[c][r] = measure(store, configs.get(c).model(), batch, configs.get(c).method());
                    }
                }
                double bare = PerfSupport.median(ms[0]);
                for (int c = 0; c < configs.size(); c++) print(batch, configs.get(c).name(), PerfSupport.median(ms[c]), bare);
            }
        }
    }

    private static double measure(ModelStore store, String model, int batch, GuidanceMethod method) {
        try (SamplingEngine engine = EngineBench.engine(store, 1024, "bench", true)) {
            engine.admit(EngineBench.job("g", model, batch, method, 0));
            return EngineBench.msPerTick(engine, 3, 10);
        }
    }

    private static void print(int batch, String name, double ms, double bare) {
        System.out.printf(Locale.ROOT, "%6d %-28s %10.1f %8.2f%n", batch, name, ms, ms / bare);
    }
}
