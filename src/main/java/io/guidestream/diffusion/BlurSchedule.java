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
 * the RMS of what blur leaves besides the image mean is 0.047 per pixel, below half the last level's noise
 * std 0.1, so the constant-image prior is accurate to within the noise; 20 px (0.013) would spend the top third
 * of the levels on images that are already constant, 10 px (0.093) leaves as much structure as noise.</li>
 * <li>s: geometric from 0.01 to 0.1 over all levels (strictly increasing, so every sampling step removes noise
 * and therefore adds fresh noise in the momentum sampler).</li>
 * <li>Prior: per-image mean intensity ~ N(−0.428, 0.252²), the training set's per-image means (the committed
 * 512-image test slice gives −0.407 and 0.260).</li>
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
    private final double priorMean;
    private final double priorStd;

    /**
     * @param blurSigma σ_B per level, non-decreasing, ≥ 0
     * @param noise     s per level, non-decreasing, &gt; 0 (the score divides by s²)
     * @param priorMean mean of the per-image mean intensity at the last level
     * @param priorStd  its standard deviation
     */
    public BlurSchedule(int height, int width, double[] blurSigma, double[] noise, double priorMean,
            double priorStd) {
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
        if (!(priorStd >= 0) || !Double.isFinite(priorMean)) {
            throw new IllegalArgumentException("prior needs a finite mean and std >= 0");
        }
        this.blur = new DctBlur(height, width);
        this.blurSigma = blurSigma.clone();
        this.noise = noise.clone();
        this.priorMean = priorMean;
        this.priorStd = priorStd;
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

    /** The default schedule of {@code levels} levels for square images of side {@code size} (see class doc). */
    public static BlurSchedule defaults(int levels, int size) {
        return geometric(levels, size, size, DEFAULT_SIGMA_MIN, DEFAULT_SIGMA_MAX_PER_SIZE * size,
                DEFAULT_NOISE_MIN, DEFAULT_NOISE_MAX, DEFAULT_PRIOR_MEAN, DEFAULT_PRIOR_STD);
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

    public double priorMean() {
        return priorMean;
    }

    public double priorStd() {
        return priorStd;
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
     * A draw from the last level [RECON, ALGORITHMS.md M5 "Prior q_1"]: at maximal blur C x0 is close to the constant
     * image of x0's mean, so x_{K−1} = c·1 + s_{K−1} η with one c ~ N(priorMean, priorStd²) per image (clipped to
     * [−1, 1], shared by all channels). C_{K−1} leaves a constant image unchanged, so it is not applied. The image
     * means are drawn before the noise, all from {@code rng}.
     */
    public NDArray prior(NDManager manager, Shape shape, RandomGenerator rng) {
        int batch = Math.toIntExact(shape.get(0));
        double[] c = new double[batch];
        for (int b = 0; b < batch; b++) c[b] = Math.max(-1, Math.min(1, priorMean + priorStd * rng.nextGaussian()));
        NDArray eta = HostNoise.gaussian(manager, shape, rng);
        return eta.mul((float) noise[noise.length - 1]).add(ForwardProcess.perSample(manager, c, shape));
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
