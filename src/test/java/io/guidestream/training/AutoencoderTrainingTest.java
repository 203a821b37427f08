package io.guidestream.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.guidestream.data.FashionMnist;
import io.guidestream.data.FashionMnistTest;
import io.guidestream.data.LabelledImages;
import io.guidestream.diffusion.BetaSchedule;
import io.guidestream.nn.AutoencoderConfig;
import io.guidestream.nn.ClassifierConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The second evaluation feature space's network and objective (issue 21). */
class AutoencoderTrainingTest {
    private static final LabelledImages DATA = FashionMnist.load(FashionMnistTest.SLICE, FashionMnist.Split.TEST);
    private static final AutoencoderConfig SMALL = new AutoencoderConfig(1, 28, 8, 16);

    @Test
    void itReturnsAReconstructionInRangeAndACode() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block ae = SMALL.create(m);
            NDList out = ae.forward(new ParameterStore(m, false),
                    new NDList(DATA.images(m, new int[] {0, 1, 2}), m.create(new int[3])), false);
            assertEquals(new Shape(3, 1, 28, 28), out.get(0).getShape());
            assertEquals(new Shape(3, 16), out.get(1).getShape());
            assertTrue(out.get(0).abs().max().getFloat() <= 1f, "tanh output");
            assertArrayEquals(new Shape[] {new Shape(3, 1, 28, 28), new Shape(3, 16)},
                    ae.getOutputShapes(new Shape[] {new Shape(3, 1, 28, 28), new Shape(3)}));
        }
    }

    @Test
    void reconstructionTrainingLowersTheError(@TempDir Path dir) throws Exception {
        TrainingSpec spec = new TrainingSpec("tiny-ae", ObjectiveKind.AUTOENCODER, SMALL, BetaSchedule.COSINE, 1000,
                40, 32, 3e-3, 2, false, 0, 0.5, 5, 100, 1, 0, 0);
        List<Double> losses = new ArrayList<>();
        Trainer.Outcome out = new Trainer(spec, DATA, dir, p -> losses.add(p.loss())).run(() -> false);
        assertTrue(out.completed());
        double early = losses.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double late = losses.subList(35, 40).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(late < early * 0.6, "reconstruction MSE " + early + " → " + late);
    }

    @Test
    void theObjectiveNeedsAnAutoencoder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainingSpec("x",
                ObjectiveKind.AUTOENCODER, ClassifierConfig.fashion(), BetaSchedule.COSINE, 1000, 10, 8, 1e-3, 1,
                false, 0, 0.5, 1, 10, 1, 0, 0));
        assertTrue(e.getMessage().contains("AutoencoderConfig for objective AUTOENCODER"), e.getMessage());
    }
}
