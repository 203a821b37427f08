package io.guidestream.perf;

import io.guidestream.bus.GuidanceMethod;
import io.guidestream.nn.ClassifierConfig;
import io.guidestream.nn.UNetConfig;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.sampling.ModelStore;
import io.guidestream.sampling.SamplingEngine;
import java.util.Locale;

/**
 * Sampler step latency at batch 1, 4, 16, 64 (one job of that many images; DDIM, unguided, telemetry on, no
 * previews), with the step's FLOP count (U-Net forward + classifier forward and backward ≈ 3 forwards) and the
 * fraction of this machine's measured matrix-multiply peak it reaches.
 */
final class StepLatency {
    private StepLatency() {
    }

    static void run() throws Exception {
        PerfSupport.header("sampler step latency (shipped architectures: U-Net 1.1 M, classifier 0.26 M parameters)");
        double peak = PerfSupport.matmulPeakGflops();
        double perImage = Flops.unet(UNetConfig.fashion(10)) + 3 * Flops.classifier(ClassifierConfig.fashion());
        System.out.printf(Locale.ROOT, "# matmul peak (2048² float32, median of 9): %.1f GFLOP/s; %.0f MFLOP per image"
                + " per step%n", peak, perImage / 1e6);
        System.out.printf(Locale.ROOT, "%6s %10s %10s %12s %10s %8s%n", "batch", "ms/step", "ms/image", "GFLOP/step",
                "GFLOP/s", "% peak");
        ModelRegistry registry = BenchModels.create();
        try (ModelStore store = new ModelStore(registry)) {
            for (int batch : new int[] {1, 4, 16, 64}) {
                try (SamplingEngine engine = EngineBench.engine(store, 1024, "bench", true)) {
                    engine.admit(EngineBench.job("b" + batch, BenchModels.UNET, batch, GuidanceMethod.NONE, 0));
                    double ms = EngineBench.msPerTick(engine, 3, batch >= 16 ? 10 : 20);
                    double gflop = perImage * batch / 1e9;
                    double gflops = gflop / (ms / 1e3);
                    System.out.printf(Locale.ROOT, "%6d %10.1f %10.2f %12.3f %10.1f %7.1f%%%n", batch, ms, ms / batch,
                            gflop, gflops, 100 * gflops / peak);
                }
            }
        }
    }
}
