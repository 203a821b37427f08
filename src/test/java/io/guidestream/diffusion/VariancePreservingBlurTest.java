package io.guidestream.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.data.FashionMnist;
import io.guidestream.data.LabelledImages;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The variance-preserving blur path of fashion-blur v3 (BlurPath.Kind.VARIANCE_PRESERVING), against closed forms. */
class VariancePreservingBlurTest {
    private static final int LEVELS = 1000;
    private static final BlurSchedule VP = BlurSchedule.of(BlurPath.variancePreserving(28), LEVELS, 28);

    private static double[][][] slice() {
        LabelledImages data = FashionMnist.load(Path.of("src/test/resources/fashion-mnist-slice"),
                FashionMnist.Split.TEST);
        double[][][] out = new double[data.size()][28][28];
        for (int b = 0; b < data.size(); b++) {
            for (int p = 0; p < 784; p++) out[b][p / 28][p % 28] = (data.pixels()[b * 784 + p] & 0xff) / 127.5 - 1;
        }
        return out;
    }

    @Test
    void endpointsAreNearlyCleanAndPureNoise() {
        double alphaBar0 = 1 / (1 + Math.exp(-10));
        assertEquals(Math.sqrt(alphaBar0), VP.signal(0), 1e-12, "log-SNR +10 at level 0");
        assertEquals(Math.sqrt(1 - alphaBar0), VP.noise(0), 1e-12);
        assertEquals(0, VP.blurSigma(0), 1e-12);
        assertEquals(Math.sqrt(1 - alphaBar0), VP.signal(LEVELS - 1), 1e-12, "log-SNR −10 at the top");
        assertEquals(Math.sqrt(alphaBar0), VP.noise(LEVELS - 1), 1e-12);
        assertEquals(BlurPath.VP_SIGMA_MAX_PER_SIZE * 28, VP.blurSigma(LEVELS - 1), 1e-9);
        for (int k = 0; k < LEVELS; k++) {
            double a = VP.signal(k);
            double s = VP.noise(k);
            assertEquals(1, a * a + s * s, 1e-12, "variance preserving at level " + k);
        }
    }

    @Test
    void theCurveIsTheTruncatedCosineAndTheSinSquaredBlur() {
        assertEquals(0.5, BlurSchedule.vpAlphaBar(0.5), 1e-12, "log-SNR 0 half way");
        for (double u : new double[] {0.1, 0.3, 0.7}) {
            double b = Math.atan(Math.exp(-5));
            double a = Math.atan(Math.exp(5)) - b;
            double tan = Math.tan(a * u + b);
            assertEquals(1 / (1 + tan * tan), BlurSchedule.vpAlphaBar(u), 1e-12, "sigmoid(−2 ln tan) = cos²");
            assertEquals(17.5 * Math.pow(Math.sin(Math.PI * u / 2), 2), BlurSchedule.vpBlur(u, 17.5), 1e-12);
        }
    }

    @Test
    void corruptionIsTheScaledDctBlur() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x0 = HostNoise.gaussian(m, new Shape(3, 1, 28, 28), new SplittableRandom(8)).clip(-1, 1);
            int[] levels = {0, 400, 999};
            NDArray c = VP.corrupt(x0, levels);
            for (int b = 0; b < 3; b++) {
                double[][] plane = new double[28][28];
                float[] v = x0.get(b).toFloatArray();
                for (int p = 0; p < 784; p++) plane[p / 28][p % 28] = v[p];
                double[][] expected = VP.blur().blurHost(plane, VP.blurSigma(levels[b]));
                float[] got = c.get(b).toFloatArray();
                for (int p = 0; p < 784; p++) {
                    assertEquals(VP.signal(levels[b]) * expected[p / 28][p % 28], got[p], 2e-5, "level " + levels[b]);
                }
            }
        }
    }

    /**
     * The criterion the levels were chosen by (Soft Diffusion §4): consecutive levels equally far apart in W2, as
     * bounded by the coupling. The spacing used the 60k training images' DCT power; measured here on the committed
     * 512-image test slice, every step's bound is within a few percent of the mean step.
     */
    @Test
    void consecutiveLevelsAreEquallyFarApartInW2() {
        double[][][] images = Arrays.copyOf(slice(), 128);
        double[] step = new double[LEVELS - 1];
        double sum = 0;
        for (int k = 0; k < LEVELS - 1; k += 9) {
            step[k] = Math.sqrt(VP.couplingBound(images, k + 1, k));
            sum += step[k];
        }
        double mean = sum / ((LEVELS - 2) / 9 + 1);
        double worst = 0;
        for (int k = 0; k < LEVELS - 1; k += 9) worst = Math.max(worst, Math.abs(step[k] / mean - 1));
        System.out.printf("W2 step: mean %.5f, worst deviation %.1f %%%n", mean, 100 * worst);
        assertTrue(worst < 0.10, "every step within 10 % of the mean, worst " + worst);
        BlurSchedule even = BlurSchedule.variancePreserving(LEVELS, 28, BlurPath.VP_SIGMA_MAX_PER_SIZE * 28, null);
        double evenWorst = 0;
        for (int k = 0; k < LEVELS - 1; k += 9) {
            evenWorst = Math.max(evenWorst, Math.abs(Math.sqrt(even.couplingBound(images, k + 1, k)) / mean - 1));
        }
        assertTrue(evenWorst > 3 * worst, "equal steps of time would not be: " + evenWorst);
    }

    @Test
    void schedulesAreCachedPerPath() {
        assertSame(VP, BlurSchedule.of(BlurPath.variancePreserving(28), LEVELS, 28));
        BlurSchedule other = BlurSchedule.of(BlurPath.variancePreserving(16), 10, 16);
        assertEquals(10, other.levels());
        for (int k = 0; k < 10; k++) {
            assertEquals(BlurSchedule.vpAlphaBar(k / 9.0), other.signal(k) * other.signal(k), 1e-12,
                    "no measured DCT power for 16×16: levels at equal steps of u");
        }
    }
}
