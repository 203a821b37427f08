package io.guidestream.perf;

import io.guidestream.bus.GuidanceMethod;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.sampling.ModelStore;
import io.guidestream.sampling.SamplingEngine;
import java.util.Locale;

/**
 * Step time with and without each guidance (issue 4): no classifier at all (no telemetry), unguided with telemetry
 * (one classifier forward + backward per step), ADM classifier guidance, ED-DPM entropy scale, and tail + x̂0 guidance
 * (which needs ∇H as well: the probe runs on twice the batch).
 */
final class GuidanceCost {
    private GuidanceCost() {
    }

    static void run() throws Exception {
        PerfSupport.header("step time by guidance (DDIM, shipped architectures)");
        System.out.printf(Locale.ROOT, "%6s %-28s %10s %8s%n", "batch", "guidance", "ms/step", "× bare");
        ModelRegistry registry = BenchModels.create();
        try (ModelStore store = new ModelStore(registry)) {
            for (int batch : new int[] {4, 16}) {
                double bare = measure(store, BenchModels.UNET_NO_CLASSIFIER, batch, GuidanceMethod.NONE);
                print(batch, "none, no classifier", bare, bare);
                print(batch, "none (telemetry)", measure(store, BenchModels.UNET, batch, GuidanceMethod.NONE), bare);
                for (GuidanceMethod m : new GuidanceMethod[] {GuidanceMethod.CLASSIFIER, GuidanceMethod.ENTROPY,
                    GuidanceMethod.TAIL}) {
                    print(batch, m.wireName(), measure(store, BenchModels.UNET, batch, m), bare);
                }
            }
        }
    }

    private static double measure(ModelStore store, String model, int batch, GuidanceMethod method) {
        try (SamplingEngine engine = new SamplingEngine(store, 1024, "bench")) {
            engine.admit(EngineBench.job("g", model, batch, method, 0));
            return EngineBench.msPerTick(engine, 3, 15);
        }
    }

    private static void print(int batch, String name, double ms, double bare) {
        System.out.printf(Locale.ROOT, "%6d %-28s %10.1f %8.2f%n", batch, name, ms, ms / bare);
    }
}
