package io.guidestream.perf;

import io.guidestream.bus.GenerateCommand.TelemetrySettings;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.sampling.ModelStore;
import io.guidestream.sampling.SamplingEngine;
import java.util.List;
import java.util.Locale;

/**
 * What telemetry costs an unguided step (issue 24, item 3): the same batch with the classifier read at every step
 * ({@code telemetry.every} 1, the default), never (0), and split into two jobs batched together, one with and one
 * without, against the floor, a U-Net that has no classifier at all (a bare step). "never" should be a bare step.
 */
final class TelemetryCost {
    private TelemetryCost() {
    }

    /** One measured configuration: jobs of {@code model}, each with its share of the batch and its telemetry. */
    private record Config(String name, String model, List<TelemetrySettings> jobs) {
    }

    static void run(String[] args) throws Exception {
        int ticks = PerfSupport.intArg(args, 0, 15, 1, 10_000, "ticks");
        int repetitions = PerfSupport.intArg(args, 1, 3, 1, 100, "repetitions");
        PerfSupport.header("unguided step time with and without telemetry (DDIM, shipped architectures, " + ticks
                + " timed ticks, median of " + repetitions + " round-robin repetitions)");
        System.out.printf(Locale.ROOT, "%6s %-36s %10s %8s%n", "batch", "telemetry", "ms/step", "× bare");
        List<Config> configs = List.of(
                new Config("bare (no classifier)", BenchModels.UNET_NO_CLASSIFIER, List.of(TelemetrySettings.NEVER)),
                new Config("every step (telemetry.every 1)", BenchModels.UNET, List.of(TelemetrySettings.EVERY_STEP)),
                new Config("never (telemetry.every 0)", BenchModels.UNET, List.of(TelemetrySettings.NEVER)),
                new Config("half the images: two jobs, 1 and 0", BenchModels.UNET,
                        List.of(TelemetrySettings.EVERY_STEP, TelemetrySettings.NEVER)));
        ModelRegistry registry = BenchModels.create();
        try (ModelStore store = new ModelStore(registry)) {
            measure(store, configs.get(1), 4, 1); // warm-up of both networks and the backward
            for (int batch : new int[] {1, 4, 16}) {
                // Round-robin repetitions, medians: a noisy neighbour affects every configuration alike.
                double[][] ms = new double[configs.size()][repetitions];
                for (int r = 0; r < repetitions; r++) {
                    for (int c = 0; c < configs.size(); c++) ms[c][r] = measure(store, configs.get(c), batch, ticks);
                }
                double bare = PerfSupport.median(ms[0]);
                for (int c = 0; c < configs.size(); c++) {
                    if (batch < configs.get(c).jobs().size()) continue;
                    double median = PerfSupport.median(ms[c]);
                    System.out.printf(Locale.ROOT, "%6d %-36s %10.1f %8.2f%n", batch, configs.get(c).name(), median,
                            median / bare);
                }
            }
        }
    }

    /** Median ms per tick of the configuration's jobs sharing {@code batch} images (NaN if it cannot split them). */
    private static double measure(ModelStore store, Config config, int batch, int ticks) {
        int jobs = config.jobs().size();
        if (batch < jobs) return Double.NaN;
        try (SamplingEngine engine = EngineBench.engine(store, 1024, "bench", true)) {
            for (int j = 0; j < jobs; j++) {
                int share = batch / jobs + (j < batch % jobs ? 1 : 0);
                engine.admit(EngineBench.job("t" + j, config.model(), share, GuidanceMethod.NONE, 1000, 0,
                        config.jobs().get(j)));
            }
            return EngineBench.msPerTick(engine, 3, ticks);
        }
    }
}
