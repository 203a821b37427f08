package io.guidestream.bus;

/** Reverse-process samplers a request can name ({@code sampler.kind}). */
public enum SamplerKind {
    /** Ancestral sampling (Ho et al. 2020; ADM's {@code p_sample}). */
    DDPM,
    /** Song et al. 2021, eq. 12, with η. */
    DDIM,
    /** Soft Diffusion's momentum sampler, for blur models. */
    MOMENTUM,
    /** Soft Diffusion's naive baseline sampler, for blur models. */
    NAIVE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether it samples a blur (x̂0-predicting) model rather than an ε model. */
    public boolean forBlurModels() {
        return this == MOMENTUM || this == NAIVE;
    }
}
