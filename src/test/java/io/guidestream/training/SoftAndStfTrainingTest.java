package io.guidestream.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.TestModels;
import io.guidestream.data.FashionMnist;
import io.guidestream.data.FashionMnistTest;
import io.guidestream.data.LabelledImages;
import io.guidestream.diffusion.BetaSchedule;
import io.guidestream.diffusion.BlurPath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke runs of the SOFT (M5) and STF (M4) objectives through the real {@link Trainer} on the committed slice. */
class SoftAndStfTrainingTest {
    private static final LabelledImages DATA = FashionMnist.load(FashionMnistTest.SLICE, FashionMnist.Split.TEST);
    private static final int STEPS = 30;

    private static List<Double> train(Path dir, ObjectiveKind kind, int diffusionSteps, int reference,
            BlurPath path) throws Exception {
        TrainingSpec spec = new TrainingSpec("tiny-" + kind.name().toLowerCase(java.util.Locale.ROOT), kind,
                TestModels.tinyUNet(10), BetaSchedule.COSINE, diffusionSteps, STEPS, 16, 1e-3, 2, false, 0, 0.9, 5,
                100, 1, 0.1, 0, reference, path);
        List<Double> losses = new ArrayList<>();
        Trainer.Outcome out = new Trainer(spec, DATA, dir.resolve(kind.name()), p -> losses.add(p.loss()))
                .run(() -> false);
        assertTrue(out.completed());
        return losses;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    @Test
    void softScoreMatchingLowersTheLoss(@TempDir Path dir) throws Exception {
        List<Double> losses = train(dir, ObjectiveKind.SOFT, 100, 0, BlurPath.smallNoise(28));
        double early = mean(losses.subList(0, 5));
        double late = mean(losses.subList(STEPS - 5, STEPS));
        assertTrue(late < early * 0.5, "SOFT loss " + early + " → " + late);
    }

    /** The variance-preserving blur path (fashion-blur v3) with its min-SNR-capped weights. */
    @Test
    void softScoreMatchingOnTheVariancePreservingPathLowersTheLoss(@TempDir Path dir) throws Exception {
        List<Double> losses = train(dir, ObjectiveKind.SOFT, 100, 0, BlurPath.variancePreserving(28));
        double early = mean(losses.subList(0, 5));
        double late = mean(losses.subList(STEPS - 5, STEPS));
        assertTrue(late < early * 0.5, "SOFT loss on the VP path " + early + " → " + late);
    }

    @Test
    void stableTargetTrainingLowersTheLoss(@TempDir Path dir) throws Exception {
        List<Double> losses = train(dir, ObjectiveKind.STF, 1000, 64, null);
        double early = mean(losses.subList(0, 5));
        double late = mean(losses.subList(STEPS - 5, STEPS));
        assertTrue(late < early * 0.8, "STF loss " + early + " → " + late);
    }
}
