package io.guidestream.training;

/** The training objectives of ALGORITHMS.md, as named in training requests and model cards. */
public enum ObjectiveKind {
    /** DDPM ε-prediction DSM (M1). */
    EPS(true),
    /** Noise-aware classifier, plain cross-entropy on q_sample'd inputs (M1, ADM). */
    CE(false),
    /** Noise-aware classifier with ED-DPM's entropy constraint (M2, γ = 0.1 by default). */
    ECT(false),
    /** Clean-image classifier (t = 0, no noise): the evaluation feature network. */
    FEATURES(false),
    /**
     * Soft Score Matching for a blur diffusion (M5): the U-Net predicts x0 at each of K = diffusionSteps blur levels
     * of the default {@link io.guidestream.diffusion.BlurSchedule}; the β schedule is not used.
     */
    SOFT(true),
    /** DDPM ε-prediction with Stable Target Field targets over {@code stfReference} references (M4). */
    STF(true);

    private final boolean denoiser;

    ObjectiveKind(boolean denoiser) {
        this.denoiser = denoiser;
    }

    /** Whether the objective trains a denoising U-Net (otherwise a classifier). */
    public boolean denoiser() {
        return denoiser;
    }
}
