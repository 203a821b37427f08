package io.guidestream.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;

/**
 * The corruption schedule of a blur diffusion (Soft Diffusion, Daras et al. 2022, eq. 1; ALGORITHMS.md M5 (b)):
 * {@code x_k = C_k x0 + s_k η} over K discrete levels k = 0 … K−1, with C_k the DCT Gaussian blur of std
 * σ_B(k) pixels ({@link DctBlur}) and s_k &gt; 0 the additive noise. Level 0 is C = I with the smallest noise; the
 * level index is also the timestep the network receives. Tables are float64 on the host.
 *
 * <p>Defaults for 28×28 [RECON], measured on Fashion-MNIST's 60k training images:
 * <ul>
 * <li>σ_B: 0 at level 0, then geometric from 0.5 px to <b>14 px</b> (0.5 × image size). Equal ratios make the
 * consecutive steps of similar difficulty (a step of blur removes less once high frequencies are gone). At 14 px
 * the RMS of what blur leaves besides the image mean is 0.047 per pixel; 20 px (0.013) would spend the top third
 * of the levels on images that are already constant, 10 px (0.093) leaves as much structure as noise.</li>
 * <li>s: geometric from 0.01 to 0.1 over all levels (strictly increasing, so every sampling step removes noise
 * and therefore adds fresh noise in the momentum sampler).</li>
 * <li>Prior: {@link BlurPrior#fashion()}, a Gaussian per class over the 3×3 lowest DCT coefficients at 14 px. The
 * 0.047 above is small per pixel but sits in two coefficients that vary 7–9× more than the noise and carry the
 * class, so the constant image of the mean intensity (N(−0.428, 0.252²), the fallback for other sizes) is not
 * accurate there (see {@link BlurPrior}).</li>
 * </ul>
 */
public final class BlurSchedule {
    public static final double DEFAULT_SIGMA_MIN = 0.5;
    public static final double DEFAULT_SIGMA_MAX_PER_SIZE = 0.5;
    public static final double DEFAULT_NOISE_MIN = 0.01;
    public static final double DEFAULT_NOISE_MAX = 0.1;
    public static final double DEFAULT_PRIOR_MEAN = -0.428;
    public static final double DEFAULT_PRIOR_STD = 0.252;

    private final DctBlur blur;
    private final double[] blurSigma;
    private final double[] noise;
    private final BlurPrior prior;

    /**
     * A schedule whose prior is the constant image of the mean intensity ({@link BlurPrior#constant}).
     *
     * @param priorMean mean of the per-image mean intensity at the last level
     * @param priorStd  its standard deviation
     */
    public BlurSchedule(int height, int width, double[] blurSigma, double[] noise, double priorMean,
            double priorStd) {
        this(height, width, blurSigma, noise, constantPrior(height, width, blurSigma, priorMean, priorStd));
    }

    /**
     * @param blurSigma σ_B per level, non-decreasing, ≥ 0
     * @param noise     s per level, non-decreasing, &gt; 0 (the score divides by s²)
     * @param prior     what x_{K−1} is drawn from before its noise, for H×W images
     */
    public BlurSchedule(int height, int width, double[] blurSigma, double[] noise, BlurPrior prior) {
        if (blurSigma.length == 0 || blurSigma.length != noise.length) {
            throw new IllegalArgumentException("need as many blur levels as noise levels (>= 1), got "
                    + blurSigma.length + " and " + noise.length);
        }
        for (int k = 0; k < noise.length; k++) {
            if (!(blurSigma[k] >= 0 && noise[k] > 0 && Double.isFinite(blurSigma[k]) && Double.isFinite(noise[k]))) {
                throw new IllegalArgumentException("level " + k + ": need sigma >= 0 and s > 0, got " + blurSigma[k]
                        + ", " + noise[k]);
            }
            if (k > 0 && (blurSigma[k] < blurSigma[k - 1] || noise[k] < noise[k - 1])) {
                throw new IllegalArgumentException("blur and noise must be non-decreasing; level " + k + " is not");
            }
        }
        if (prior.height() != height || prior.width() != width) {
            throw new IllegalArgumentException("the prior is for " + prior.height() + "×" + prior.width()
                    + " images, the schedule for " + height + "×" + width);
        }
        this.blur = new DctBlur(height, width);
        this.blurSigma = blurSigma.clone();
        this.noise = noise.clone();
        this.prior = prior;
    }

    private static BlurPrior constantPrior(int height, int width, double[] blurSigma, double mean, double std) {
        if (!(std >= 0) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("prior needs a finite mean and std >= 0");
        }
        return BlurPrior.constant(height, width, blurSigma.length == 0 ? 0 : blurSigma[blurSigma.length - 1], mean,
                std);
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
     * The default schedule of {@code levels} levels for square images of side {@code size} (see class doc), with the
     * per-class low-frequency prior measured on Fashion-MNIST where it fits (28×28, the last level at 14 px), else the
     * constant-image prior.
     */
    public static BlurSchedule defaults(int levels, int size) {
        BlurSchedule s = geometric(levels, size, size, DEFAULT_SIGMA_MIN, DEFAULT_SIGMA_MAX_PER_SIZE * size,
                DEFAULT_NOISE_MIN, DEFAULT_NOISE_MAX, DEFAULT_PRIOR_MEAN, DEFAULT_PRIOR_STD);
        BlurPrior fashion = FashionPrior.INSTANCE;
        boolean fits = fashion.height() == size && fashion.width() == size
                && Math.abs(fashion.sigma() - s.blurSigma[levels - 1]) < 1e-9;
        return fits ? new BlurSchedule(size, size, s.blurSigma, s.noise, fashion) : s;
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

    public BlurPrior prior() {
        return prior;
    }

    public DctBlur blur() {
        return blur;
    }

    /** C_{k_b} x_b for each sample b of a B×C×H×W array. */
    public NDArray corrupt(NDArray x, int[] levels) {
        double[] sigmas = new double[levels.length];
        for (int b = 0; b < levels.length; b++) sigmas[b] = blurSigma[levels[b]];
        return blur.blur(x, sigmas);
    }

    /** C_k x with one level for all samples. */
    public NDArray corrupt(NDArray x, int level) {
        return blur.blur(x, blurSigma[level]);
    }

    /** x_k = C_k x0 + s_k η, per sample (Soft Diffusion eq. 1). */
    public NDArray qSample(NDArray x0, int[] levels, NDArray eta) {
        double[] s = new double[levels.length];
        for (int b = 0; b < levels.length; b++) s[b] = noise[levels[b]];
        return corrupt(x0, levels).add(eta.mul(ForwardProcess.perSample(x0.getManager(), s, x0.getShape())));
    }

    /**
     * A draw from the last level [RECON, ALGORITHMS.md M5 "Prior q_1"]: x_{K−1} = c + s_{K−1} η, with c drawn from
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
        return eta.mul((float) noise[noise.length - 1]).add(manager.create(c, shape));
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
                for (int w = 0; w < ya[h].length; w++) sum += (ya[h][w] - yb[h][w]) * (ya[h][w] - yb[h][w]);
            }
        }
        double ds = noise[a] - noise[b];
        return sum / images.length + (double) blur.height() * blur.width() * ds * ds;
    }
}
