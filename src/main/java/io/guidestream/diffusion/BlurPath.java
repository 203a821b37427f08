package io.guidestream.diffusion;

import org.jspecify.annotations.Nullable;

/**
 * Which corruption path a blur diffusion follows (Soft Diffusion's {@code x_k = C_k x0 + s_k η}, ALGORITHMS.md M5),
 * recorded in the training spec and the model card so that every version samples with the path it was trained on.
 *
 * <ul>
 * <li>{@link Kind#SMALL_NOISE}: the first design (fashion-blur v1, v2). C_k is blur alone, σ_B geometric from
 * 0.5 px to half the image size, the noise s geometric from 0.01 to 0.1, and the chain starts from a per-class
 * Gaussian over the lowest DCT coefficients. Its samples were grey, grainy blobs (docs/EXPERIMENTS.md): with at most
 * 0.1 of noise nothing covers the mismatch between the prior and the blurred images, nor the chain's own drift.</li>
 * <li>{@link Kind#VARIANCE_PRESERVING}: blur inside a variance-preserving noise path, as Blurring Diffusion Models
 * (Hoogeboom &amp; Salimans 2022) do: C_k = √ᾱ_k · B(σ_B,k), s_k = √(1 − ᾱ_k), with ᾱ the cosine schedule of the
 * path's time u and σ_B(u) = σ_max sin²(πu/2). The top level is pure noise, so the prior is exact. Levels are
 * spaced at equal Wasserstein-2 steps (the paper's schedule criterion, {@link BlurSchedule#couplingBound}).</li>
 * </ul>
 *
 * @param kind        the family
 * @param sigmaMax    the largest blur, pixels (SMALL_NOISE: 0.5 × image size; VP: σ_max of the sin² ramp)
 * @param minSnrGamma the loss weight's cap γ ({@link io.guidestream.training.SoftScoreObjective}): the weight on the
 *                    clean-image error is min(SNR, γ) (Hang et al. 2023, min-SNR-γ); 0 keeps the first design's
 *                    uncapped 1/s²
 */
public record BlurPath(Kind kind, double sigmaMax, double minSnrGamma) {

    /** The two designs; see the class comment. */
    public enum Kind {
        SMALL_NOISE,
        VARIANCE_PRESERVING
    }

    /**
     * The VP path's blur at the top per pixel of image side: Blurring Diffusion's σ_B,max = 20 at 32×32, so 17.5 px
     * at 28×28. Where signal and noise are equal (log-SNR 0, level 700 of 1000) the blur is then 8.9 px, which keeps
     * the lowest DCT frequency per axis at 0.6 of its amplitude, the second at 0.14 and nothing above: the coarse
     * shape is drawn first, as in the paper's figures, and the detail last.
     */
    public static final double VP_SIGMA_MAX_PER_SIZE = 20.0 / 32;
    /** min-SNR-γ's default (Hang et al. 2023). */
    public static final double DEFAULT_MIN_SNR_GAMMA = 5;

    public BlurPath {
        if (kind == null) throw new IllegalArgumentException("blur path kind is required");
        if (!(sigmaMax >= 0) || !Double.isFinite(sigmaMax)) {
            throw new IllegalArgumentException("sigmaMax must be finite and >= 0, got " + sigmaMax);
        }
        if (!(minSnrGamma >= 0) || !Double.isFinite(minSnrGamma)) {
            throw new IllegalArgumentException("minSnrGamma must be finite and >= 0, got " + minSnrGamma);
        }
    }

    /** The first design (fashion-blur v1 and v2), for images of side {@code size}. */
    public static BlurPath smallNoise(int size) {
        return new BlurPath(Kind.SMALL_NOISE, BlurSchedule.DEFAULT_SIGMA_MAX_PER_SIZE * size, 0);
    }

    /** The default since fashion-blur v3, for images of side {@code size}. */
    public static BlurPath variancePreserving(int size) {
        return new BlurPath(Kind.VARIANCE_PRESERVING, VP_SIGMA_MAX_PER_SIZE * size, DEFAULT_MIN_SNR_GAMMA);
    }

    /** A card or spec written before paths were recorded describes the first design. */
    public static BlurPath orSmallNoise(@Nullable BlurPath path, int size) {
        return path != null ? path : smallNoise(size);
    }
}
