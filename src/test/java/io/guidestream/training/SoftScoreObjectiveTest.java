package io.guidestream.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.ParameterStore;
import io.guidestream.diffusion.BlurSchedule;
import io.guidestream.diffusion.HostNoise;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Soft Score Matching, ALGORITHMS.md M5 (e) 4 and the loss's defining property. */
class SoftScoreObjectiveTest {
    /** C ≡ I on every level, with increasing noise. */
    private static final BlurSchedule NO_BLUR = new BlurSchedule(28, 28, new double[3],
            new double[] {0.02, 0.05, 0.1}, -0.4, 0.25);

    private static TrainingBatch batch(NDManager m, int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        NDArray x0 = HostNoise.gaussian(m, new Shape(size, 1, 28, 28), rng).clip(-1, 1);
        return new TrainingBatch(m, x0, m.create(new int[size]), new int[size], rng);
    }

    @Test
    void weightsAverageToOneOverTheLevels() {
        SoftScoreObjective o = new SoftScoreObjective(BlurSchedule.smallNoise(1000, 28), -1, 0);
        double mean = 0;
        for (int k = 0; k < 1000; k++) mean += o.weight(k) / 1000;
        assertEquals(1, mean, 1e-9);
        assertEquals(100, o.weight(0) / o.weight(999), 1e-6, "w ∝ 1/s²: the noise spans a factor 10");
    }

    @Test
    void withoutBlurItIsWeightedX0PredictionDsm() {
        SoftScoreObjective o = new SoftScoreObjective(NO_BLUR, -1, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x0 = HostNoise.gaussian(m, new Shape(3, 1, 28, 28), new SplittableRandom(1)).clip(-1, 1);
            NDArray pred = HostNoise.gaussian(m, new Shape(3, 1, 28, 28), new SplittableRandom(2)).mul(0.3f);
            int[] levels = {0, 2, 1};
            float[] p = pred.toFloatArray();
            float[] x = x0.toFloatArray();
            double expected = 0;
            for (int b = 0; b < 3; b++) {
                double mse = 0;
                for (int i = 0; i < 784; i++) mse += Math.pow(p[b * 784 + i] - x[b * 784 + i], 2) / 784;
                expected += o.weight(levels[b]) * mse / 3;
            }
            assertEquals(expected, o.loss(pred, x0, levels).getFloat(), 1e-6 * expected);
        }
    }

    /** h(x_t) = x_t with C ≡ I leaves the residual s_t η, so w(t)·s_t² = 1/W̄ makes the loss mean(η²)/W̄ ≈ 1/W̄. */
    @Test
    void anIdentityNetworkSeesExactlyTheInjectedNoise() {
        SoftScoreObjective o = new SoftScoreObjective(NO_BLUR, -1, 0);
        double meanWeight = 1 / (0.02 * 0.02) / o.weight(0);
        LambdaBlock identity = new LambdaBlock(in -> new NDList(in.get(0)));
        try (NDManager m = NDManager.newBaseManager()) {
            double loss = o.loss(identity, new ParameterStore(m, false), batch(m, 32, 3)).getFloat();
            assertEquals(1, loss * meanWeight, 0.05);
        }
    }

    /** The loss only measures what C_t keeps: an error along DCT frequency f is scaled by d_t(f)². */
    @Test
    void errorsThatTheBlurDestroysCostNothing() {
        BlurSchedule s = BlurSchedule.smallNoise(100, 28);
        SoftScoreObjective o = new SoftScoreObjective(s, -1, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] coef = new float[784];
            coef[20 * 28 + 20] = 0.5f;
            NDArray error = s.blur().idct(m.create(coef, new Shape(1, 1, 28, 28)));
            NDArray x0 = HostNoise.gaussian(m, new Shape(1, 1, 28, 28), new SplittableRandom(4)).clip(-1, 1);
            NDArray pred = x0.add(error);
            double clean = 0.25 / 784;
            assertEquals(o.weight(0) * clean, o.loss(pred, x0, new int[] {0}).getFloat(), 1e-4 * o.weight(0) * clean);
            int k = 20;
            double d = s.blur().multiplier(s.blurSigma(k))[20][20];
            assertEquals(o.weight(k) * d * d * clean, o.loss(pred, x0, new int[] {k}).getFloat(),
                    1e-3 * o.weight(k) * d * d * clean + 1e-12);
            assertEquals(0, o.loss(pred, x0, new int[] {99}).getFloat(), 1e-12, "gone at 14 px");
        }
    }
}
