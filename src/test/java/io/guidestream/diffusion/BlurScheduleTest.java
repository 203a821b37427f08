package io.guidestream.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.data.FashionMnist;
import io.guidestream.data.LabelledImages;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Soft Diffusion's corruption schedule and prior, ALGORITHMS.md M5 (b), (d). */
class BlurScheduleTest {
    private static final LabelledImages SLICE = FashionMnist.load(Path.of("src/test/resources/fashion-mnist-slice"),
            FashionMnist.Split.TEST);

    private static int[] labels(LabelledImages data) {
        int[] y = new int[data.size()];
        for (int i = 0; i < y.length; i++) y[i] = data.label(i);
        return y;
    }

    private static double[][][] planes(LabelledImages data) {
        double[][][] out = new double[data.size()][28][28];
        for (int b = 0; b < data.size(); b++) {
            for (int p = 0; p < 784; p++) out[b][p / 28][p % 28] = (data.pixels()[b * 784 + p] & 0xff) / 127.5 - 1;
        }
        return out;
    }

    @Test
    void defaultsRampBlurAndNoiseGeometrically() {
        BlurSchedule s = BlurSchedule.smallNoise(1000, 28);
        assertEquals(1000, s.levels());
        assertEquals(0, s.blurSigma(0));
        assertEquals(0.5, s.blurSigma(1), 1e-12);
        assertEquals(14, s.blurSigma(999), 1e-9);
        assertEquals(0.01, s.noise(0), 1e-12);
        assertEquals(0.1, s.noise(999), 1e-12);
        for (int k = 1; k < 1000; k++) {
            assertTrue(s.blurSigma(k) > s.blurSigma(k - 1) && s.noise(k) > s.noise(k - 1), "level " + k);
        }
        assertEquals(Math.sqrt(0.5 * 14), s.blurSigma(500), 0.01, "geometric: the middle level is the geometric mean");
        BlurSchedule two = BlurSchedule.smallNoise(2, 28);
        assertEquals(14, two.blurSigma(1), 0);
        assertEquals(0.01, BlurSchedule.smallNoise(1, 28).noise(0), 0);
    }

    @Test
    void invalidTablesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new BlurSchedule(4, 4, new double[] {0, 1}, new double[] {0.1, 0.05}, 0, 1), "noise decreases");
        assertThrows(IllegalArgumentException.class,
                () -> new BlurSchedule(4, 4, new double[] {0, 1}, new double[] {0, 0.05}, 0, 1), "s = 0");
        assertThrows(IllegalArgumentException.class,
                () -> new BlurSchedule(4, 4, new double[] {2, 1}, new double[] {0.1, 0.2}, 0, 1), "blur decreases");
        assertThrows(IllegalArgumentException.class,
                () -> new BlurSchedule(4, 4, new double[] {0}, new double[] {0.1, 0.2}, 0, 1), "lengths differ");
    }

    /** The [RECON] defaults are traceable to the data: prior parameters and the choice σ_B max = 14 px. */
    @Test
    void defaultsAgreeWithTheCommittedSlice() {
        double[][][] images = planes(SLICE);
        double sum = 0;
        double sumSq = 0;
        double residual = 0;
        DctBlur blur = new DctBlur(28, 28);
        for (double[][] x : images) {
            double mean = 0;
            for (double[] row : x) for (double v : row) mean += v / 784;
            sum += mean;
            sumSq += mean * mean;
            double[][] y = blur.blurHost(x, 14);
            for (double[] row : y) for (double v : row) residual += (v - mean) * (v - mean) / 784;
        }
        int n = images.length;
        double mean = sum / n;
        assertEquals(BlurSchedule.DEFAULT_PRIOR_MEAN, mean, 0.03);
        assertEquals(BlurSchedule.DEFAULT_PRIOR_STD, Math.sqrt(sumSq / n - mean * mean), 0.02);
        // The shipped per-class prior (fitted on the 60k training images) against the same fit on the 512-image test
        // slice (about 50 images a class): the class means of the two class-carrying coefficients agree.
        BlurPrior slice = BlurPrior.fit(images, labels(SLICE), 10, 14, 3);
        BlurPrior shipped = BlurSchedule.smallNoise(1000, 28).prior();
        for (int y = 0; y < 10; y++) {
            for (int a : new int[] {0, 1, 3}) {
                // The DC coefficient is 28 × the mean intensity: 3.0 there is 0.11 in intensity.
                assertEquals(shipped.components().get(y).mean()[a], slice.components().get(y).mean()[a],
                        a == 0 ? 3.0 : 0.45, "class " + y + ", coefficient " + a);
            }
        }
        double rms = Math.sqrt(residual / n);
        assertTrue(rms < 0.5 * BlurSchedule.DEFAULT_NOISE_MAX, "at 14 px what blur leaves besides the mean (" + rms
                + ") is below half the top noise level");
    }

    @Test
    void theDefaultPriorDrawsEachClassesLowFrequenciesPlusTheTopNoise() {
        BlurSchedule s = BlurSchedule.smallNoise(100, 28);
        BlurPrior prior = s.prior();
        assertEquals(3, prior.band());
        assertEquals(10, prior.components().size(), "one Gaussian per Fashion-MNIST class");
        int n = 400;
        double[][] dct = DctBlur.dctMatrix(28);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int label : new int[] {1, 9}) {
                int[] labels = new int[n];
                java.util.Arrays.fill(labels, label);
                float[] x = s.prior(m, new Shape(n, 1, 28, 28), labels, new SplittableRandom(7)).toFloatArray();
                double[] mean = new double[9];
                double residual = 0;
                for (int b = 0; b < n; b++) {
                    double[][] plane = new double[28][28];
                    for (int p = 0; p < 784; p++) plane[p / 28][p % 28] = x[b * 784 + p];
                    double[] c = BlurPrior.lowCoefficients(plane, dct, dct, 3);
                    for (int a = 0; a < 9; a++) mean[a] += c[a] / n;
                    double energy = 0;
                    for (double[] row : plane) for (double v : row) energy += v * v;
                    for (double v : c) energy -= v * v;
                    residual += energy / (784 - 9) / n;
                }
                BlurPrior.Component component = prior.components().get(label);
                for (int a = 0; a < 9; a++) {
                    double variance = s.noise(99) * s.noise(99);
                    for (double l : component.cholesky()[a]) variance += l * l;
                    assertEquals(component.mean()[a], mean[a], 4 * Math.sqrt(variance / n),
                            "class " + label + ", coefficient " + a + ": within 4 standard errors");
                }
                assertEquals(s.noise(99), Math.sqrt(residual), 0.005, "outside the band there is only the noise");
            }
        }
        double[] trousers = prior.components().get(1).mean();
        double[] boots = prior.components().get(9).mean();
        assertTrue(trousers[3] > 0.4 && boots[3] < -1 && boots[1] < -1.5,
                "the coefficients that carry the class: trousers are tall, ankle boots sit low and to one side");
    }

    @Test
    void otherSizesFallBackToTheConstantImagePrior() {
        BlurSchedule s = BlurSchedule.smallNoise(10, 16);
        assertEquals(1, s.prior().band());
        double dc = s.prior().components().get(0).mean()[0];
        assertEquals(BlurSchedule.DEFAULT_PRIOR_MEAN, dc / 16, 1e-12, "the DC coefficient is the mean times √(HW)");
    }

    @Test
    void qSampleIsBlurPlusScaledNoise() {
        BlurSchedule s = BlurSchedule.smallNoise(10, 28);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x0 = HostNoise.gaussian(m, new Shape(3, 1, 28, 28), new SplittableRandom(8)).clip(-1, 1);
            NDArray eta = HostNoise.gaussian(m, new Shape(3, 1, 28, 28), new SplittableRandom(9));
            int[] levels = {0, 4, 9};
            NDArray xt = s.qSample(x0, levels, eta);
            for (int b = 0; b < 3; b++) {
                NDArray expected = s.blur().blur(x0.get(b).expandDims(0), s.blurSigma(levels[b]))
                        .add(eta.get(b).expandDims(0).mul((float) s.noise(levels[b])));
                assertEquals(0, expected.sub(xt.get(b).expandDims(0)).abs().max().getFloat(), 1e-5);
            }
        }
    }

    @Test
    void couplingBoundMeasuresTheStepBetweenLevels() {
        BlurSchedule s = BlurSchedule.smallNoise(20, 28);
        double[][][] constant = {new double[28][28]};
        for (double[] row : constant[0]) java.util.Arrays.fill(row, 0.4);
        double ds = s.noise(5) - s.noise(4);
        assertEquals(784 * ds * ds, s.couplingBound(constant, 5, 4), 1e-9, "blur does not move constant images");
        double[][][] images = java.util.Arrays.copyOf(planes(SLICE), 32);
        assertEquals(0, s.couplingBound(images, 7, 7), 0);
        double first = s.couplingBound(images, 1, 0);
        assertTrue(first > 1, "the first blur step moves real images: " + first);
        assertEquals(first, s.couplingBound(images, 0, 1), 1e-9 * first, "symmetric");
    }
}
