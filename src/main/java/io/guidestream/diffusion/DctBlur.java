package io.guidestream.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Gaussian blur as a diagonal operator in the orthonormal 2-D DCT-II basis (Soft Diffusion, Daras et al. 2022, §3;
 * ALGORITHMS.md M5 (b)): {@code C = Vᵀ diag(d) V} with
 * {@code d[kh, kw] = exp(−σ_B²/2 · π² (kh²/H² + kw²/W²))}. This is the heat equation run for time σ_B²/2 with
 * Neumann (reflective) boundaries, i.e. a Gaussian blur of std σ_B pixels on the image mirrored at its edges.
 * σ_B = 0 gives the identity; every C is symmetric and positive definite, and all of them commute.
 *
 * <p>The transform is two matrix products with a precomputed orthonormal DCT matrix D (V x = D_H · X · D_Wᵀ, per
 * image and channel), so it runs as two batched matmuls on B×C×H×W arrays. Only host tables are held: the small
 * device matrices are created per call in the caller's manager, so no native memory outlives a call.
 */
public final class DctBlur {
    private final int height;
    private final int width;
    private final double[][] dctH;
    private final double[][] dctW;

    public DctBlur(int height, int width) {
        if (height < 1 || width < 1) throw new IllegalArgumentException("image size must be positive");
        this.height = height;
        this.width = width;
        this.dctH = dctMatrix(height);
        this.dctW = dctMatrix(width);
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The orthonormal DCT-II matrix: D[k][n] = α_k cos(π (2n + 1) k / 2N), α_0 = √(1/N), α_k = √(2/N). */
    public static double[][] dctMatrix(int n) {
        double[][] d = new double[n][n];
        for (int k = 0; k < n; k++) {
            double alpha = Math.sqrt((k == 0 ? 1.0 : 2.0) / n);
            for (int i = 0; i < n; i++) d[k][i] = alpha * Math.cos(Math.PI * (2 * i + 1) * k / (2.0 * n));
        }
        return d;
    }

    /** The blur multiplier d[kh][kw] for blur std {@code sigma} pixels (d[0][0] = 1: the mean is kept). */
    public double[][] multiplier(double sigma) {
        if (!(sigma >= 0)) throw new IllegalArgumentException("blur sigma must be >= 0, got " + sigma);
        double[][] d = new double[height][width];
        double c = -sigma * sigma / 2 * Math.PI * Math.PI;
        for (int h = 0; h < height; h++) {
            for (int w = 0; w < width; w++) {
                d[h][w] = Math.exp(c * ((double) h * h / ((double) height * height)
                        + (double) w * w / ((double) width * width)));
            }
        }
        return d;
    }

    /** V x: the DCT-II of each H×W plane of a …×H×W array. */
    public NDArray dct(NDArray x) {
        return matrix(x, dctH, false).matMul(x.matMul(matrix(x, dctW, true)));
    }

    /** Vᵀ c: the inverse (DCT-III) of each H×W plane. */
    public NDArray idct(NDArray c) {
        return matrix(c, dctH, true).matMul(c.matMul(matrix(c, dctW, false)));
    }

    /** C x with one blur std per sample ({@code sigmas.length} = B of the B×C×H×W array x). */
    public NDArray blur(NDArray x, double[] sigmas) {
        double[] ones = new double[sigmas.length];
        java.util.Arrays.fill(ones, 1);
        return blur(x, sigmas, ones);
    }

    /** a_b · C_b x_b: a blur std and a scale per sample, the scale folded into the diagonal multiplier. */
    public NDArray blur(NDArray x, double[] sigmas, double[] scales) {
        if (sigmas.length != x.getShape().get(0) || scales.length != sigmas.length) {
            throw new IllegalArgumentException(sigmas.length + " blur levels and " + scales.length
                    + " scales for a batch of " + x.getShape().get(0));
        }
        return idct(dct(x).mul(multipliers(x.getManager(), sigmas, scales)));
    }

    /** The squared normalised frequencies λ[kh][kw] = kh²/H² + kw²/W² (the multiplier is exp(−σ²π²λ/2)). */
    public double[][] frequencies() {
        double[][] l = new double[height][width];
        for (int h = 0; h < height; h++) {
            for (int w = 0; w < width; w++) {
                l[h][w] = (double) h * h / ((double) height * height) + (double) w * w / ((double) width * width);
            }
        }
        return l;
    }

    /** C x with the same blur std for every sample. */
    public NDArray blur(NDArray x, double sigma) {
        double[] s = new double[Math.toIntExact(x.getShape().get(0))];
        java.util.Arrays.fill(s, sigma);
        return blur(x, s);
    }

    /** The per-sample multipliers as a B×1×H×W float32 array (broadcast over channels). */
    public NDArray multipliers(NDManager manager, double[] sigmas) {
        double[] ones = new double[sigmas.length];
        java.util.Arrays.fill(ones, 1);
        return multipliers(manager, sigmas, ones);
    }

    /** The per-sample multipliers times a per-sample scale, B×1×H×W float32. */
    public NDArray multipliers(NDManager manager, double[] sigmas, double[] scales) {
        int plane = height * width;
        float[] out = new float[sigmas.length * plane];
        for (int b = 0; b < sigmas.length; b++) {
            double[][] d = multiplier(sigmas[b]);
            for (int h = 0; h < height; h++) {
                for (int w = 0; w < width; w++) out[b * plane + h * width + w] = (float) (scales[b] * d[h][w]);
            }
        }
        return manager.create(out, new Shape(sigmas.length, 1, height, width));
    }

    /** Host float64 orthonormal DCT-II of one H×W plane (V x). */
    public double[][] dctHost(double[][] image) {
        return product(product(dctH, image, false), dctW, true);
    }

    /** Host float64 blur of one H×W plane (reference maths for tests and schedule statistics). */
    public double[][] blurHost(double[][] image, double sigma) {
        double[][] c = dctHost(image);
        double[][] d = multiplier(sigma);
        for (int h = 0; h < height; h++) for (int w = 0; w < width; w++) c[h][w] *= d[h][w];
        return product(transpose(dctH), product(c, dctW, false), false);
    }

    /** The matrix (or its transpose) in {@code like}'s manager and data type. */
    private static NDArray matrix(NDArray like, double[][] a, boolean transpose) {
        int n = a.length;
        double[] f = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) f[i * n + j] = transpose ? a[j][i] : a[i][j];
        }
        return like.getManager().create(f, new Shape(n, n)).toType(like.getDataType(), false);
    }

    /** a · b, or a · bᵀ when {@code transposeB}. */
    private static double[][] product(double[][] a, double[][] b, boolean transposeB) {
        int rows = a.length;
        int inner = a[0].length;
        int cols = transposeB ? b.length : b[0].length;
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double s = 0;
                for (int k = 0; k < inner; k++) s += a[i][k] * (transposeB ? b[j][k] : b[k][j]);
                out[i][j] = s;
            }
        }
        return out;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }
}
