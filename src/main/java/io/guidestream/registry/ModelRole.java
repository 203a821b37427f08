package io.guidestream.registry;

/** What a registered network does, which decides who can load it and how. */
public enum ModelRole {
    /** A U-Net predicting the noise ε (DDPM/DDIM samplers; guidance applies). */
    EPSILON,
    /** A U-Net predicting x̂0 under blur corruption (Soft Diffusion; momentum and naive samplers). */
    BLUR,
    /** A noise-aware classifier p(y | x_t, t) (guidance and telemetry). */
    CLASSIFIER,
    /** A clean-image classifier whose penultimate layer is the evaluation feature space. */
    FEATURES;

    public boolean denoiser() {
        return this == EPSILON || this == BLUR;
    }
}
