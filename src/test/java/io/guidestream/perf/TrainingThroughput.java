package io.guidestream.perf;

import io.guidestream.data.FashionMnist;
import io.guidestream.data.LabelledImages;
import io.guidestream.training.ObjectiveKind;
import io.guidestream.training.Trainer;
import io.guidestream.training.TrainingSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Training throughput in images per second for each shipped objective, at the shipped batch size (128). */
final class TrainingThroughput {
    private TrainingThroughput() {
    }

    static void run() throws Exception {
        PerfSupport.header("training throughput (batch 128, shipped architectures, median over timed steps)");
        LabelledImages data = FashionMnist.load(Path.of("src/test/resources/fashion-mnist-slice"),
                FashionMnist.Split.TRAIN);
        System.out.printf(Locale.ROOT, "%-18s %12s %10s%n", "objective", "images/s", "s/step");
        List<TrainingSpec> specs = List.of(TrainingSpec.denoiser("bench", 10, 8),
                TrainingSpec.stf("bench", 10, 8), TrainingSpec.soft("bench", 10, 8),
                TrainingSpec.classifier("bench", ObjectiveKind.CE, 8),
                TrainingSpec.classifier("bench", ObjectiveKind.ECT, 8));
        for (TrainingSpec base : specs) {
            TrainingSpec spec = logEveryStep(base);
            List<Double> ips = new ArrayList<>();
            Path run = Files.createTempDirectory("bench-train");
            new Trainer(spec, data, run, p -> ips.add(p.imagesPerSecond())).run(() -> false);
            double[] timed = ips.subList(2, ips.size()).stream().mapToDouble(Double::doubleValue).toArray();
            double median = PerfSupport.median(timed);
            System.out.printf(Locale.ROOT, "%-18s %12.1f %10.2f%n", spec.objective(), median, 128 / median);
        }
    }

    private static TrainingSpec logEveryStep(TrainingSpec s) {
        return new TrainingSpec(s.model(), s.objective(), s.network(), s.schedule(), s.diffusionSteps(), s.steps(),
                s.batch(), s.learningRate(), s.warmupSteps(), s.annealLr(), s.weightDecay(), s.emaDecay(), s.seed(),
                1000, 1, s.labelDropout(), s.ectGamma(), s.stfReference());
    }
}
