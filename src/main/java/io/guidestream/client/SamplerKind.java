package io.guidestream.client;

import java.util.Locale;

/** {@code sampler.kind}: the reverse-process integrator the server runs. */
public enum SamplerKind {
    /** Ancestral sampling (Ho et al. 2020). */
    DDPM,
    /** DDIM (Song et al. 2021) with η; the server's default. */
    DDIM,
    /** Soft Diffusion's momentum sampler, for blur models only. */
    MOMENTUM,
    /** Soft Diffusion's naive sampler, for blur models only. */
    NAIVE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
