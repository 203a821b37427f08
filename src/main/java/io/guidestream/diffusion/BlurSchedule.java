package io.guidestream.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The corruption schedule of a blur diffusion (Soft Diffusion, Daras et al. 2022, eq. 1; ALGORITHMS.md M5 (b)):
 * {@code x_k = C_k x0 + s_k η} over K discrete levels k = 0 … K−1, with {@code C_k = a_k · B(σ_B,k)}: B the DCT
 * Gaussian blur of std σ_B pixels ({@link DctBlur}), a_k ∈ [0, 1] a signal scale, and s_k &gt; 0 the additive noise.
 * Level 0 is the least corrupted; the level index is also the timestep the network receives. Tables are float64 on
 * the host. Which tables a model uses is its {@link BlurPath}, recorded in its card ({@link #of}).
 *
 * <p>{@link BlurPath.Kind#VARIANCE_PRESERVING} (the default since fashion-blur v3): along a time u ∈ [0, 1],
 * ᾱ(u) = sigmoid(λ(u)) with λ(u) = −2 ln tan(a·u + b), the cosine schedule truncated to log-SNR ∈ [−10, 10]
 * (Blurring Diffusion Models, Hoogeboom &amp; Salimans 2022), a_k = √ᾱ, s_k = √(1 − ᾱ), σ_B(u) = σ_max sin²(πu/2).
 * The K levels are placed at equal steps of the coupling bound on W2 between consecutive levels (Soft Diffusion §4:
 * levels too far apart in W2 cannot be learned; with K fixed, equal steps minimise the largest), measured with the
 * training set's DCT power ({@link DctPower}); without a measured power for the image size, equal steps of u.
 * Without blur the W2-equal spacing is within a factor 1.4 of the cosine schedule's own spacing (measured: the
 * cosine schedule's steps vary by that much apart from its first); blur adds length where it changes fastest, in
 * the first half of the path, so more levels sit there.
 *
 * <p>{@link BlurPath.Kind#SMALL_NOISE} (fashion-blur v1, v2), for 28×28 [RECON]:
 * <ul>
 * <li>σ_B: 0 at level 0, then geometric from 0.5 px to <b>14 px</b> (0.5 × image size); a = 1.</li>
 * <li>s: geometric from 0.01 to 0.1 over all levels.</li>
 * <li>Prior: {@link BlurPrior#fashion()}, a Gaussian per class over the 3×3 lowest DCT coefficients at 14 px (the
 * constant image of the mean intensity, N(−0.428, 0.252²), for other sizes).</li>
 * </ul>
 */
public final class BlurSchedule {
    public static final double DEFAULT_SIGMA_MIN = 0.5;
    public static final double DEFAULT_SIGMA_MAX_PER_SIZE = 0.5;
    public static final double DEFAULT_NOISE_MIN = 0.01;
    public static final double DEFAULT_NOISE_MAX = 0.1;
    public static final double DEFAULT_PRIOR_MEAN = -0.428;
    public static final double DEFAULT_PRIOR_STD = 0.252;
    /** The VP path's log-SNR range, ±{@value}: ᾱ from 0.99995 to 4.5e-5 (Blurring Diffusion Models). */
    public static final double LOG_SNR_LIMIT = 10;
    /** Points per level of the fine grid on which the W2 length of a path is integrated. */
    private static final int GRID_PER_LEVEL = 16;
    private static final Map<String, BlurSchedule> CACHE = new ConcurrentHashMap<>();

    private final DctBlur blur;
    private final double[] blurSigma;
    private final double[] signal;
    private final double[] noise;
    private final BlurPrior prior;

    /**
     * A schedule without signal scaling (a = 1) whose prior is the constant image of the mean intensity
     * ({@link BlurPrior#constant}).
     *
     * @param priorMean mean of the per-image mean intensity at the last level
     * @param priorStd  its standard deviation
     */
    public BlurSchedule(int height, int width, double[] blurSigma, double[] noise, double priorMean,
            double priorStd) {
        this(height, width, blurSigma, noise, constantPrior(height, width, blurSigma, priorMean, priorStd));
    }

    /** A schedule without signal scaling (a = 1). */
    public BlurSchedule(int height, int width, double[] blurSigma, double[] noise, BlurPrior prior) {
        this(height, width, blurSigma, ones(blurSigma.length), noise, prior);
    }

    /**
     * @param blurSigma σ_B per level, non-decreasing, ≥ 0
     * @param signal    a per level, non-increasing, in [0, 1]
     * @param noise     s per level, non-decreasing, &gt; 0 (the score divides by s²)
     * @param prior     what C_{K−1} x0 is drawn from (before the signal scale and the noise), for H×W images
     */
    public BlurSchedule(int height, int width, double[] blurSigma, double[] signal, double[] noise,
            BlurPrior prior) {
        if (blurSigma.length == 0 || blurSigma.length != noise.length || signal.length != noise.length) {
            throw new IllegalArgumentException("need as many blur, signal and noise levels (>= 1), got "
                    + blurSigma.length + ", " + signal.length + " and " + noise.length);
        }
        for (int k = 0; k < noise.length; k++) {
            if (!(blurSigma[k] >= 0 && noise[k] > 0 && signal[k] >= 0 && signal[k] <= 1
                    && Double.isFinite(blurSigma[k]) && Double.isFinite(noise[k]))) {
                throw new IllegalArgumentException("level " + k + ": need sigma >= 0, a in [0, 1] and s > 0, got "
                        + blurSigma[k] + ", " + signal[k] + ", " + noise[k]);
            }
            if (k > 0 && (blurSigma[k] < blurSigma[k - 1] || noise[k] < noise[k - 1] || signal[k] > signal[k - 1])) {
                throw new IllegalArgumentException("blur and noise must be non-decreasing and the signal "
                        + "non-increasing; level " + k + " is not");
            }
        }
        if (prior.height() != height || prior.width() != width) {
            throw new IllegalArgumentException("the prior is for " + prior.height() + "×" + prior.width()
                    + " images, the schedule for " + height + "×" + width);
        }
        this.blur = new DctBlur(height, width);
        this.blurSigma = blurSigma.clone();
        this.signal = signal.clone();
        this.noise = noise.clone();
        this.prior = prior;
    }

    private static double[] ones(int n) {
        double[] a = new double[n];
        Arrays.fill(a, 1);
        return a;
    }

    private static BlurPrior constantPrior(int height, int width, double[] blurSigma, double mean, double std) {
        if (!(std >= 0) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("prior needs a finite mean and std >= 0");
        }
        return BlurPrior.constant(height, width, blurSigma.length == 0 ? 0 : blurSigma[blurSigma.length - 1], mean,
                std);
    }

    /**
     * The schedule of {@code levels} levels that {@code path} describes for square images of side {@code size}.
     * Schedules are immutable and cached: a sampler builds one per job.
     */
    public static BlurSchedule of(BlurPath path, int levels, int size) {
        String key = path + "/" + levels + "/" + size;
        return CACHE.computeIfAbsent(key, k -> switch (path.kind()) {
            case SMALL_NOISE -> smallNoise(levels, size, path.sigmaMax());
            case VARIANCE_PRESERVING -> variancePreserving(levels, size, path.sigmaMax(),
                    size == 28 ? DctPower.fashion() : null);
        });
    }

    /** σ_B(0) = 0, σ_B(k) = σmin·(σmax/σmin)^((k−1)/(K−2)) for k ≥ 1; s(k) = smin·(smax/smin)^(k/(K−1)). */
    public static BlurSchedule geometric(int levels, int height, int width, double sigmaMin, double sigmaMax,
            double noiseMin, double noiseMax, double priorMean, double priorStd) {
        if (levels < 1) throw new IllegalArgumentException("levels must be >= 1, got " + levels);
        double[] sigma = new double[levels];
        double[] s = new double[levels];
        for (int k = 0; k < levels; k++) {
            s[k] = levels == 1 ? noiseMin : noiseMin * Math.pow(noiseMax / noiseMin, (double) k / (levels - 1));
            if (k == 0) continue;
            sigma[k] = levels == 2 ? sigmaMax
                    : sigmaMin * Math.pow(sigmaMax / sigmaMin, (double) (k - 1) / (levels - 2));
        }
        return new BlurSchedule(height, width, sigma, s, priorMean, priorStd);
    }

    /**
     * The first design's schedule ({@link BlurPath.Kind#SMALL_NOISE}) of {@code levels} levels for square images of
     * side {@code size}, with the per-class low-frequency prior measured on Fashion-MNIST where it fits (28×28, the
     * last level at 14 px), else the constant-image prior.
     */
    public static BlurSchedule smallNoise(int levels, int size) {
        return smallNoise(levels, size, DEFAULT_SIGMA_MAX_PER_SIZE * size);
    }

    private static BlurSchedule smallNoise(int levels, int size, double sigmaMax) {
        BlurSchedule s = geometric(levels, size, size, DEFAULT_SIGMA_MIN, sigmaMax, DEFAULT_NOISE_MIN,
                DEFAULT_NOISE_MAX, DEFAULT_PRIOR_MEAN, DEFAULT_PRIOR_STD);
        BlurPrior fashion = FashionPrior.INSTANCE;
        boolean fits = fashion.height() == size && fashion.width() == size
                && Math.abs(fashion.sigma() - s.blurSigma[levels - 1]) < 1e-9;
        return fits ? new BlurSchedule(size, size, s.blurSigma, s.noise, fashion) : s;
    }

    /**
     * The variance-preserving blur path ({@link BlurPath.Kind#VARIANCE_PRESERVING}; see the class comment) of
     * {@code levels} levels for square images of side {@code size}, spaced at equal W2 steps for data of DCT power
     * {@code power}, or at equal steps of u when it is null.
     */
    public static BlurSchedule variancePreserving(int levels, int size, double sigmaMax, DctPower power) {
        if (levels < 1) throw new IllegalArgumentException("levels must be >= 1, got " + levels);
        if (power != null && (power.height() != size || power.width() != size)) {
            throw new IllegalArgumentException("the DCT power is for " + power.height() + "×" + power.width()
                    + " images, not " + size + "×" + size);
        }
        double[] u = power == null || levels < 3 ? evenTimes(levels) : equalW2Times(levels, size, sigmaMax, power);
        double[] sigma = new double[levels];
        double[] a = new double[levels];
        double[] s = new double[levels];
        for (int k = 0; k < levels; k++) {
            sigma[k] = vpBlur(u[k], sigmaMax);
            a[k] = Math.sqrt(vpAlphaBar(u[k]));
            s[k] = Math.sqrt(1 - vpAlphaBar(u[k]));
        }
        BlurPrior constant = BlurPrior.constant(size, size, sigma[levels - 1], DEFAULT_PRIOR_MEAN,
                DEFAULT_PRIOR_STD);
        return new BlurSchedule(size, size, sigma, a, s, constant);
    }

    /** ᾱ(u) = sigmoid(−2 ln tan(a·u + b)), log-SNR from +{@value #LOG_SNR_LIMIT} at u = 0 to −10 at u = 1. */
    static double vpAlphaBar(double u) {
        double b = Math.atan(Math.exp(-LOG_SNR_LIMIT / 2));
        double a = Math.atan(Math.exp(LOG_SNR_LIMIT / 2)) - b;
        double logSnr = -2 * Math.log(Math.tan(a * u + b));
        return 1 / (1 + Math.exp(-logSnr));
    }

    /** σ_B(u) = σ_max sin²(πu/2). */
    static double vpBlur(double u, double sigmaMax) {
        double sin = Math.sin(Math.PI * u / 2);
        return sigmaMax * sin * sin;
    }

    private static double[] evenTimes(int levels) {
        double[] u = new double[levels];
        for (int k = 0; k < levels; k++) u[k] = levels == 1 ? 1 : (double) k / (levels - 1);
        return u;
    }

    /**
     * Times u_0 = 0 &lt; … &lt; u_{K−1} = 1 at equal steps of the path's W2 length: the square root of the coupling
     * bound between neighbours, summed on a fine grid of u, divided into K − 1 equal parts.
     */
    private static double[] equalW2Times(int levels, int size, double sigmaMax, DctPower power) {
        int grid = GRID_PER_LEVEL * (levels - 1);
        double[] length = new double[grid + 1];
        double[][] lambda = new DctBlur(size, size).frequencies();
        double[] prevScale = scaledMultipliers(0, sigmaMax, lambda);
        double prevNoise = Math.sqrt(1 - vpAlphaBar(0));
        for (int i = 1; i <= grid; i++) {
            double u = (double) i / grid;
            double[] scale = scaledMultipliers(u, sigmaMax, lambda);
            double n = Math.sqrt(1 - vpAlphaBar(u));
            double bound = (double) size * size * (n - prevNoise) * (n - prevNoise);
            for (int f = 0; f < scale.length; f++) {
                double d = scale[f] - prevScale[f];
                bound += d * d * power.power()[f / size][f % size];
            }
            length[i] = length[i - 1] + Math.sqrt(bound);
            prevScale = scale;
            prevNoise = n;
        }
        double[] u = new double[levels];
        int i = 0;
        for (int k = 1; k < levels - 1; k++) {
            double target = length[grid] * k / (levels - 1);
            while (length[i + 1] < target) i++;
            double frac = (target - length[i]) / (length[i + 1] - length[i]);
            u[k] = (i + frac) / grid;
        }
        u[levels - 1] = 1;
        return u;
    }

    /** a(u) · d_f(σ_B(u)) for every DCT coefficient f, row-major. */
    private static double[] scaledMultipliers(double u, double sigmaMax, double[][] lambda) {
        double a = Math.sqrt(vpAlphaBar(u));
        double sigma = vpBlur(u, sigmaMax);
        double c = -sigma * sigma / 2 * Math.PI * Math.PI;
        int w = lambda[0].length;
        double[] out = new double[lambda.length * w];
        for (int f = 0; f < out.length; f++) out[f] = a * Math.exp(c * lambda[f / w][f % w]);
        return out;
    }

    /** Loaded once, on first use. */
    private static final class FashionPrior {
        static final BlurPrior INSTANCE = BlurPrior.fashion();
    }

    public int levels() {
        return noise.length;
    }

    public double blurSigma(int k) {
        return blurSigma[k];
    }

    public double noise(int k) {
        return noise[k];
    }

    /** The signal scale a_k of C_k = a_k · B(σ_B,k) (1 for blur alone). */
    public double signal(int k) {
        return signal[k];
    }

    public BlurPrior prior() {
        return prior;
    }

    public DctBlur blur() {
        return blur;
    }

    /** C_{k_b} x_b for each sample b of a B×C×H×W array. */
    public NDArray corrupt(NDArray x, int[] levels) {
        double[] sigmas = new double[levels.length];
        double[] a = new double[levels.length];
        for (int b = 0; b < levels.length; b++) {
            sigmas[b] = blurSigma[levels[b]];
            a[b] = signal[levels[b]];
        }
        return blur.blur(x, sigmas, a);
    }

    /** C_k x with one level for all samples. */
    public NDArray corrupt(NDArray x, int level) {
        int batch = Math.toIntExact(x.getShape().get(0));
        double[] sigmas = new double[batch];
        double[] a = new double[batch];
        Arrays.fill(sigmas, blurSigma[level]);
        Arrays.fill(a, signal[level]);
        return blur.blur(x, sigmas, a);
    }

    /** x_k = C_k x0 + s_k η, per sample (Soft Diffusion eq. 1). */
    public NDArray qSample(NDArray x0, int[] levels, NDArray eta) {
        double[] s = new double[levels.length];
        for (int b = 0; b < levels.length; b++) s[b] = noise[levels[b]];
        return corrupt(x0, levels).add(eta.mul(ForwardProcess.perSample(x0.getManager(), s, x0.getShape())));
    }

    /**
     * A draw from the last level [RECON, ALGORITHMS.md M5 "Prior q_1"]: x_{K−1} = a_{K−1} c + s_{K−1} η, with c drawn from
     * {@link #prior()} for each sample's label (−1: unconditional) and shared by all channels. The c are drawn before
     * the noise, all from {@code rng}.
     */
    public NDArray prior(NDManager manager, Shape shape, int[] labels, RandomGenerator rng) {
        int batch = Math.toIntExact(shape.get(0));
        if (labels.length != batch) {
            throw new IllegalArgumentException(labels.length + " labels for a batch of " + batch);
        }
        int channels = Math.toIntExact(shape.get(1));
        int pixels = blur.height() * blur.width();
        float[] c = new float[batch * channels * pixels];
        for (int b = 0; b < batch; b++) {
            double[][] plane = prior.sample(labels[b], rng);
            for (int ch = 0; ch < channels; ch++) {
                int base = (b * channels + ch) * pixels;
                for (int i = 0; i < blur.height(); i++) {
                    for (int j = 0; j < blur.width(); j++) {
                        c[base + i * blur.width() + j] = (float) plane[i][j];
                    }
                }
            }
        }
        NDArray eta = HostNoise.gaussian(manager, shape, rng);
        int top = noise.length - 1;
        return eta.mul((float) noise[top]).add(manager.create(c, shape).mul((float) signal[top]));
    }

    /**
     * The coupling bound on the distance between consecutive corrupted distributions (ALGORITHMS.md M5, schedule
     * selection [RECON]): W2²(q_a, q_b) ≤ E_x0 ‖(C_a − C_b) x0‖² + d (s_a − s_b)², averaged over {@code images}
     * (N single-channel H×W planes), with d = H·W. Host float64; for choosing or checking levels, not for training.
     */
    public double couplingBound(double[][][] images, int a, int b) {
        double sum = 0;
        for (double[][] x : images) {
            double[][] ya = blur.blurHost(x, blurSigma[a]);
            double[][] yb = blur.blurHost(x, blurSigma[b]);
            for (int h = 0; h < ya.length; h++) {
                for (int w = 0; w < ya[h].length; w++) {
                    double d = signal[a] * ya[h][w] - signal[b] * yb[h][w];
                    sum += d * d;
                }
            }
        }
        double ds = noise[a] - noise[b];
        return sum / images.length + (double) blur.height() * blur.width() * ds * ds;
    }
}
