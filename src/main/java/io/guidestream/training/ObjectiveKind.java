package io.guidestream.training;

import io.guidestream.nn.AutoencoderConfig;
import io.guidestream.nn.ClassifierConfig;
import io.guidestream.nn.BlockConfig;
import io.guidestream.nn.UNetConfig;

/** The training objectives of ALGORITHMS.md, as named in training requests and model cards. */
public enum ObjectiveKind {
    /** DDPM ε-prediction DSM (M1). */
    EPS(UNetConfig.class),
    /** Noise-aware classifier, plain cross-entropy on q_sample'd inputs (M1, ADM). */
    CE(ClassifierConfig.class),
    /** Noise-aware classifier with ED-DPM's entropy constraint (M2, γ = 0.1 by default). */
    ECT(ClassifierConfig.class),
    /** Clean-image classifier (t = 0, no noise): the evaluation feature network. */
    FEATURES(ClassifierConfig.class),
    /**
     * Soft Score Matching for a blur diffusion (M5): the U-Net predicts x0 at each of K = diffusionSteps blur levels
     * of the default {@link io.guidestream.diffusion.BlurSchedule}; the β schedule is not used.
     */
    SOFT(UNetConfig.class),
    /** DDPM ε-prediction with Stable Target Field targets over {@code stfReference} references (M4). */
    STF(UNetConfig.class),
    /**
     * Reconstruction of clean images (mean squared error, left-right flips): an autoencoder whose code is the second
     * evaluation feature space (issue 21).
     */
    AUTOENCODER(AutoencoderConfig.class);

    private final Class<? extends BlockConfig> network;

    ObjectiveKind(Class<? extends BlockConfig> network) {
        this.network = network;
    }

    /** The kind of network the objective trains. */
    public Class<? extends BlockConfig> network() {
        return network;
    }

    /** Whether the objective trains a denoising U-Net. */
    public boolean denoiser() {
        return network == UNetConfig.class;
    }
}
