package io.guidestream.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlurPriorTest {
    private static final double[][] DCT = DctBlur.dctMatrix(8);

    /** A known two-class prior on 8×8 images, band 2: class 0 centred at +, class 1 at − on coefficient (1, 0). */
    private static BlurPrior known() {
        double[][] l0 = {{2, 0, 0, 0}, {0.5, 1, 0, 0}, {0, 0, 0.3, 0}, {0, 0, 0.2, 0.1}};
        double[][] l1 = {{1, 0, 0, 0}, {0, 0.5, 0, 0}, {0, 0, 0.5, 0}, {0, 0, 0, 0.5}};
        return new BlurPrior(8, 8, 0, 2, List.of(new BlurPrior.Component(new double[] {-3, 0.5, 1.5, 0}, l0),
                new BlurPrior.Component(new double[] {-2, -0.5, -1.5, 0.2}, l1)));
    }

    @Test
    void drawsLiveInTheBandAndFittingThemRecoversMeanAndCovariance() {
        BlurPrior truth = known();
        SplittableRandom rng = new SplittableRandom(3);
        int n = 20_000;
        double[][][] images = new double[n][][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            images[i] = truth.sample(labels[i], rng);
        }
        double[] c = BlurPrior.lowCoefficients(images[0], DCT, DCT, 8);
        for (int u = 0; u < 8; u++) {
            for (int v = 0; v < 8; v++) {
                if (u >= 2 || v >= 2) assertEquals(0, c[u * 8 + v], 1e-12, "nothing outside the 2×2 band");
            }
        }
        BlurPrior fitted = BlurPrior.fit(images, labels, 2, 0, 2);
        for (int y = 0; y < 2; y++) {
            double[][] l = truth.components().get(y).cholesky();
            double[][] lf = fitted.components().get(y).cholesky();
            for (int a = 0; a < 4; a++) {
                assertEquals(truth.components().get(y).mean()[a], fitted.components().get(y).mean()[a], 0.05);
                for (int b = 0; b <= a; b++) {
                    double expected = dot(l[a], l[b]);
                    assertEquals(expected, dot(lf[a], lf[b]), 0.06 * (1 + Math.abs(expected)),
                            "class " + y + " cov[" + a + "][" + b + "]");
                }
            }
        }
    }

    @Test
    void fittingMeasuresTheBlurredImagesCoefficients() {
        SplittableRandom rng = new SplittableRandom(4);
        double[][][] images = new double[50][8][8];
        for (double[][] img : images) for (double[] row : img) for (int j = 0; j < 8; j++) row[j] = rng.nextDouble();
        BlurPrior sharp = BlurPrior.fit(images, new int[50], 1, 0, 2);
        BlurPrior blurred = BlurPrior.fit(images, new int[50], 1, 3, 2);
        double keep = new DctBlur(8, 8).multiplier(3)[1][0];
        assertEquals(sharp.components().get(0).mean()[0], blurred.components().get(0).mean()[0], 1e-12, "DC kept");
        assertEquals(keep * sharp.components().get(0).mean()[2], blurred.components().get(0).mean()[2], 1e-12);
    }

    @Test
    void anUnlabelledDrawPicksAClassFirstSoTheUnconditionalPriorIsTheMixture() {
        BlurPrior p = known();
        SplittableRandom rng = new SplittableRandom(5);
        int positive = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            if (BlurPrior.lowCoefficients(p.sample(-1, rng), DCT, DCT, 2)[2] > 0) positive++;
        }
        // Class 0 puts coefficient (1, 0) at 1.5 ± 0.3 (always > 0), class 1 at −1.5 ± 0.5 (always < 0).
        assertEquals(0.5, positive / (double) n, 0.03);
    }

    @Test
    void theConstantPriorIsTheMeanIntensityAsTheDcCoefficient() {
        BlurPrior p = BlurPrior.constant(8, 8, 14, -0.4, 0.25);
        double[][] img = p.sample(3, new SplittableRandom(6));
        for (double[] row : img) for (double v : row) assertEquals(img[0][0], v, 1e-12, "a constant image");
        assertTrue(img[0][0] > -1.5 && img[0][0] < 0.7);
        assertEquals(-0.4 * 8, p.components().get(0).mean()[0], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new BlurPrior(8, 8, 0, 2, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new BlurPrior(8, 8, 0, 2,
                List.of(new BlurPrior.Component(new double[1], new double[1][1]))));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
