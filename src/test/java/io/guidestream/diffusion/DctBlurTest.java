package io.guidestream.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The DCT blur operator of Soft Diffusion, ALGORITHMS.md M5 (e) 1–3. */
class DctBlurTest {
    private static final DctBlur SQUARE = new DctBlur(28, 28);
    private static final DctBlur WIDE = new DctBlur(6, 10);

    private static NDArray random(NDManager m, Shape shape, long seed) {
        return HostNoise.gaussian(m, shape, new SplittableRandom(seed));
    }

    private static double maxAbs(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    private static double dot(NDArray a, NDArray b) {
        return a.mul(b).sum().getFloat();
    }

    @Test
    void zeroBlurIsTheIdentityAndTheDctIsOrthonormal() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (DctBlur op : new DctBlur[] {SQUARE, WIDE}) {
                NDArray x = random(m, new Shape(2, 3, op.height(), op.width()), 1).clip(-1, 1);
                assertEquals(0, maxAbs(op.blur(x, 0), x), 1e-6, "C at sigma 0");
                assertEquals(0, maxAbs(op.idct(op.dct(x)), x), 1e-6, "IDCT(DCT x)");
                assertEquals(dot(x, x), dot(op.dct(x), op.dct(x)), 1e-4 * dot(x, x), "Parseval");
            }
            NDArray constant = m.full(new Shape(1, 1, 6, 10), 0.5f);
            float dc = WIDE.dct(constant).get(new NDIndex(0, 0, 0, 0)).getFloat();
            assertEquals(0.5 * Math.sqrt(60), dc, 1e-5, "a constant image is pure DC");
        }
    }

    @Test
    void blurIsSymmetricAndBlursCommute() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = random(m, new Shape(1, 1, 6, 10), 2);
            NDArray b = random(m, new Shape(1, 1, 6, 10), 3);
            double lhs = dot(WIDE.blur(a, 1.7), b);
            double rhs = dot(a, WIDE.blur(b, 1.7));
            assertEquals(lhs, rhs, 1e-5 * Math.abs(lhs) + 1e-6, "<C a, b> = <a, C b>");
            NDArray ab = WIDE.blur(WIDE.blur(a, 0.8), 2.5);
            NDArray ba = WIDE.blur(WIDE.blur(a, 2.5), 0.8);
            assertEquals(0, maxAbs(ab, ba), 1e-6, "C_a C_b = C_b C_a");
            // Heat-equation semigroup: blurs of std a and b compose to one of std √(a² + b²).
            assertEquals(0, maxAbs(ab, WIDE.blur(a, Math.hypot(0.8, 2.5))), 1e-5);
        }
    }

    @Test
    void constantsStayAndEnergyNeverGrows() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray constant = m.full(new Shape(1, 2, 28, 28), -0.3f);
            assertEquals(0, maxAbs(SQUARE.blur(constant, 7), constant), 1e-5, "DC multiplier is 1");
            assertEquals(1.0, SQUARE.multiplier(50)[0][0], 0);
            NDArray x = random(m, new Shape(1, 1, 28, 28), 4);
            double previous = Double.POSITIVE_INFINITY;
            for (double sigma : new double[] {0, 0.25, 0.5, 1, 2, 4, 8, 14, 20}) {
                double energy = dot(SQUARE.blur(x, sigma), SQUARE.blur(x, sigma));
                assertTrue(energy <= previous * (1 + 1e-6), "energy at " + sigma + ": " + energy + " > " + previous);
                previous = energy;
            }
            assertTrue(previous < 0.01 * dot(x, x), "white noise keeps little energy at sigma 20");
        }
    }

    @Test
    void perSampleLevelsBlurEachSampleByItsOwnSigma() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = random(m, new Shape(2, 1, 28, 28), 5);
            NDArray both = SQUARE.blur(x, new double[] {0, 3});
            assertEquals(0, maxAbs(both.get(new NDIndex("0:1")), x.get(new NDIndex("0:1"))), 1e-6);
            assertEquals(0, maxAbs(both.get(new NDIndex("1:2")), SQUARE.blur(x.get(new NDIndex("1:2")), 3)), 1e-6);
        }
    }

    @Test
    void matchesASpatialGaussianBlurWithReflectPadding() {
        double sigma = 1.5;
        SplittableRandom rng = new SplittableRandom(6);
        double[][] img = new double[28][28];
        for (double[] row : img) for (int j = 0; j < 28; j++) row[j] = rng.nextDouble() * 2 - 1;
        double[][] spatial = spatialBlur(img, sigma);
        double[][] dct = SQUARE.blurHost(img, sigma);
        double interior = 0;
        double edge = 0;
        for (int i = 0; i < 28; i++) {
            for (int j = 0; j < 28; j++) {
                double d = Math.abs(spatial[i][j] - dct[i][j]);
                if (i >= 6 && i < 22 && j >= 6 && j < 22) interior = Math.max(interior, d);
                else edge = Math.max(edge, d);
            }
        }
        assertTrue(interior < 2e-3, "interior max |spatial − DCT| = " + interior);
        assertTrue(edge < 2e-3, "reflective boundaries match too: " + edge);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] flat = new float[784];
            for (int i = 0; i < 784; i++) flat[i] = (float) img[i / 28][i % 28];
            float[] device = SQUARE.blur(m.create(flat, new Shape(1, 1, 28, 28)), sigma).toFloatArray();
            for (int i = 0; i < 784; i++) assertEquals(dct[i / 28][i % 28], device[i], 1e-5, "host vs device");
        }
    }

    /** Separable sampled Gaussian (radius 5σ, normalised) with half-sample symmetric padding (d c b a | a b c d). */
    private static double[][] spatialBlur(double[][] img, double sigma) {
        int r = (int) Math.ceil(5 * sigma);
        double[] k = new double[2 * r + 1];
        double total = 0;
        for (int i = -r; i <= r; i++) total += k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
        for (int i = 0; i < k.length; i++) k[i] /= total;
        int n = img.length;
        double[][] rows = new double[n][n];
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int o = -r; o <= r; o++) rows[i][j] += k[o + r] * img[i][reflect(j + o, n)];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int o = -r; o <= r; o++) out[i][j] += k[o + r] * rows[reflect(i + o, n)][j];
            }
        }
        return out;
    }

    private static int reflect(int i, int n) {
        if (i < 0) return -i - 1;
        if (i >= n) return 2 * n - i - 1;
        return i;
    }
}
