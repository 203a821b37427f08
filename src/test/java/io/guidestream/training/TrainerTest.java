package io.guidestream.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.TestModels;
import io.guidestream.data.FashionMnist;
import io.guidestream.data.FashionMnistTest;
import io.guidestream.data.LabelledImages;
import io.guidestream.diffusion.BetaSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    private static final LabelledImages DATA = FashionMnist.load(FashionMnistTest.SLICE, FashionMnist.Split.TEST);

    private static TrainingSpec spec(ObjectiveKind objective, int steps) {
        var net = objective.denoiser() ? TestModels.tinyUNet(10) : TestModels.tinyClassifier();
        return new TrainingSpec("tiny", objective, net, BetaSchedule.COSINE, 1000, steps, 16, 1e-3, 2, false, 0,
                0.9, 5, 3, 1, 0, objective == ObjectiveKind.ECT ? 0.1 : 0);
    }

    @Test
    void anInterruptedRunResumesExactlyWhereItStopped(@TempDir Path dir) throws Exception {
        TrainingSpec spec = spec(ObjectiveKind.EPS, 6);
        List<TrainingProgress> reports = new ArrayList<>();
        Trainer.Outcome straight = new Trainer(spec, DATA, dir.resolve("straight"), reports::add).run(() -> false);
        assertEquals(6, reports.size());
        for (TrainingProgress p : reports) {
            assertTrue(p.gradNorm() > 0 && Double.isFinite(p.gradNorm()), "gradient norm reported: " + p);
            assertEquals(p.gradNorm(), p.maxGradNorm(), 1e-12, "one step per report: mean = max");
            assertEquals(0, p.skipped());
            assertTrue(p.gradientSummary().startsWith("gradient norm "), p.gradientSummary());
        }
        int[] stepsSeen = {0};
        List<Double> resumedLosses = new ArrayList<>();
        Path split = dir.resolve("split");
        Trainer.Outcome first = new Trainer(spec, DATA, split, p -> stepsSeen[0] = (int) p.step())
                .run(() -> stepsSeen[0] >= 3);
        assertFalse(first.completed());
        assertEquals(3, first.step());
        Trainer.Outcome resumed = new Trainer(spec, DATA, split, p -> resumedLosses.add(p.loss())).run(() -> false);
        assertTrue(resumed.completed());
        assertEquals(6, resumed.step());
        assertEquals(3, resumedLosses.size(), "the resumed run does steps 4..6 only");
        assertEquals(straight.lossLog(), resumed.lossLog());
        assertArrayEquals(Files.readAllBytes(straight.finalWeights()), Files.readAllBytes(resumed.finalWeights()),
                "resumed weights must equal the uninterrupted run's");
    }

    @Test
    void classifierObjectivesLowerTheLossOnASmallSet(@TempDir Path dir) throws Exception {
        for (ObjectiveKind kind : List.of(ObjectiveKind.CE, ObjectiveKind.ECT, ObjectiveKind.FEATURES)) {
            List<Double> losses = new ArrayList<>();
            TrainingSpec s = spec(kind, 100);
            new Trainer(s, DATA, dir.resolve(kind.name()), p -> losses.add(p.loss())).run(() -> false);
            double early = losses.subList(0, 10).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double late = losses.subList(90, 100).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            // Noise-aware classifiers see mostly pure noise (irreducible loss), so only the clean one drops fast.
            double factor = kind == ObjectiveKind.FEATURES ? 0.9 : 0.975;
            assertTrue(late < early * factor, kind + ": loss " + early + " → " + late);
        }
    }
}
