package io.guidestream.diffusion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What a blur diffusion's chain starts from (ALGORITHMS.md M5 "Prior q_1" [RECON]): a Gaussian model of C_{K−1} x0,
 * the training images at the last level before noise, per class. Maximal blur keeps only the lowest DCT frequencies,
 * so the model covers the {@code band}×{@code band} lowest orthonormal DCT-II coefficients (the rest is drawn as 0)
 * with one mean and covariance per component (one per class for a conditional model).
 *
 * <p>Why not the constant image of the mean intensity alone (band 1): at σ_B = 14 px on 28×28 Fashion-MNIST the two
 * lowest non-constant coefficients keep 29 % of their amplitude, and across training images they vary with a standard
 * deviation of 0.90 and 0.70 (class means from −2.1 for ankle boots to +0.5 for trousers), 7–9× the last level's
 * noise 0.1. The per-pixel RMS of that structure is only 0.04 (it lives in two of 784 coefficients), which is why it
 * looked negligible; but the network reads the class from it, and a constant start puts every chain where almost no
 * training image was. Band 3 leaves out coefficients whose spread is at most 0.03.
 *
 * <p>A draw for a label outside the components (−1, unconditional) picks a component uniformly first (Fashion-MNIST's
 * classes are balanced), so the unconditional prior is the mixture. All draws come from the caller's generator.
 *
 * @param height     image height
 * @param width      image width
 * @param sigma      the blur (pixels) of the level the statistics describe
 * @param band       coefficients kept per axis
 * @param components one Gaussian per class (index = label), or a single pooled one
 */
public record BlurPrior(int height, int width, double sigma, int band, List<Component> components) {

    /**
     * @param mean     band·band coefficient means, row-major (coefficient (u, v) at u·band + v)
     * @param cholesky lower-triangular L with L Lᵀ = the coefficients' covariance
     */
    public record Component(double[] mean, double[][] cholesky) {
    }

    public BlurPrior {
        components = List.copyOf(components);
        if (band < 1 || band > Math.min(height, width)) {
            throw new IllegalArgumentException("band must be in [1, " + Math.min(height, width) + "], got " + band);
        }
        if (components.isEmpty()) throw new IllegalArgumentException("a prior needs at least one component");
        for (Component c : components) {
            if (c.mean().length != band * band || c.cholesky().length != band * band) {
                throw new IllegalArgumentException("each component needs " + band * band + " means and a "
                        + band * band + "-row Cholesky factor");
            }
        }
    }

    /** The constant-image prior: per-image mean intensity ~ N(mean, std²), one component. */
    public static BlurPrior constant(int height, int width, double sigma, double mean, double std) {
        double scale = Math.sqrt((double) height * width); // the DC coefficient of an orthonormal DCT is mean·√(HW)
        return new BlurPrior(height, width, sigma, 1,
                List.of(new Component(new double[] {mean * scale}, new double[][] {{std * scale}})));
    }

    /**
     * Fits one component per class to the band×band lowest DCT coefficients of each image blurred by σ = {@code
     * sigma}. {@code images} are single-channel H×W planes in [−1, 1], {@code labels} their classes in
     * [0, {@code classes}).
     */
    public static BlurPrior fit(double[][][] images, int[] labels, int classes, double sigma, int band) {
        if (images.length != labels.length || images.length == 0) {
            throw new IllegalArgumentException("need as many labels as images, and at least one image");
        }
        int h = images[0].length;
        int w = images[0][0].length;
        int d = band * band;
        double[][] dh = DctBlur.dctMatrix(h);
        double[][] dw = DctBlur.dctMatrix(w);
        double[][] keep = new DctBlur(h, w).multiplier(sigma);
        double[][] sum = new double[classes][d];
        double[][][] outer = new double[classes][d][d];
        int[] count = new int[classes];
        for (int i = 0; i < images.length; i++) {
            int y = labels[i];
            if (y < 0 || y >= classes) throw new IllegalArgumentException("label " + y + " of image " + i);
            double[] c = lowCoefficients(images[i], dh, dw, band);
            for (int a = 0; a < d; a++) c[a] *= keep[a / band][a % band];
            count[y]++;
            for (int a = 0; a < d; a++) {
                sum[y][a] += c[a];
                for (int b = 0; b < d; b++) outer[y][a][b] += c[a] * c[b];
            }
        }
        Component[] out = new Component[classes];
        for (int y = 0; y < classes; y++) {
            if (count[y] < 2) throw new IllegalArgumentException("class " + y + " has " + count[y] + " images");
            double[] mean = new double[d];
            for (int a = 0; a < d; a++) mean[a] = sum[y][a] / count[y];
            double[][] cov = new double[d][d];
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    cov[a][b] = (outer[y][a][b] - count[y] * mean[a] * mean[b]) / (count[y] - 1);
                }
            }
            out[y] = new Component(mean, cholesky(cov));
        }
        return new BlurPrior(h, w, sigma, band, List.of(out));
    }

    /** The prior measured on Fashion-MNIST's training set ({@code blur-prior} command), for 28×28 at 14 px. */
    public static BlurPrior fashion() {
        try (InputStream in = BlurPrior.class.getResourceAsStream("fashion-blur-prior.json")) {
            if (in == null) throw new IllegalStateException("fashion-blur-prior.json is missing from the jar");
            return io.guidestream.json.Json.MAPPER.readValue(in, BlurPrior.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One draw of C x0 for {@code label} as an H×W plane (no noise). */
    public double[][] sample(int label, RandomGenerator rng) {
        Component c = label >= 0 && label < components.size() ? components.get(label)
                : components.get(components.size() == 1 ? 0 : rng.nextInt(components.size()));
        int d = band * band;
        double[] z = new double[d];
        for (int a = 0; a < d; a++) z[a] = rng.nextGaussian();
        double[] coef = c.mean().clone();
        for (int a = 0; a < d; a++) for (int b = 0; b <= a; b++) coef[a] += c.cholesky()[a][b] * z[b];
        double[][] dh = DctBlur.dctMatrix(height);
        double[][] dw = DctBlur.dctMatrix(width);
        double[][] image = new double[height][width];
        for (int u = 0; u < band; u++) {
            for (int v = 0; v < band; v++) {
                double k = coef[u * band + v];
                for (int i = 0; i < height; i++) {
                    for (int j = 0; j < width; j++) image[i][j] += k * dh[u][i] * dw[v][j];
                }
            }
        }
        return image;
    }

    /** The band×band lowest orthonormal DCT-II coefficients of a plane, row-major. */
    static double[] lowCoefficients(double[][] x, double[][] dh, double[][] dw, int band) {
        double[] c = new double[band * band];
        for (int u = 0; u < band; u++) {
            for (int v = 0; v < band; v++) {
                double s = 0;
                for (int i = 0; i < x.length; i++) {
                    for (int j = 0; j < x[i].length; j++) s += dh[u][i] * x[i][j] * dw[v][j];
                }
                c[u * band + v] = s;
            }
        }
        return c;
    }

    /** L with L Lᵀ = a, for a symmetric positive semi-definite a (a tiny diagonal jitter keeps it definite). */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double jitter = 1e-12;
        for (int i = 0; i < n; i++) jitter = Math.max(jitter, 1e-9 * a[i][i]);
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j] + (i == j ? jitter : 0);
                for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
                l[i][j] = i == j ? Math.sqrt(Math.max(s, 0)) : (l[j][j] > 0 ? s / l[j][j] : 0);
            }
        }
        return l;
    }
}
