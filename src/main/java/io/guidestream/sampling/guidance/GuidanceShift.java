package io.guidestream.sampling.guidance;

import ai.djl.ndarray.NDArray;
import org.jspecify.annotations.Nullable;

/**
 * What guidance asks of a sampler step, already scaled per sample: a term in score units applied the sampler's native
 * way (ADM: Σ·g added to the DDPM mean; −√(1−ᾱ)·g added to DDIM's ε). Null means "no guidance", so that a zero
 * guidance leaves the step bitwise unguided.
 */
public record GuidanceShift(@Nullable NDArray score) {
    public static final GuidanceShift NONE = new GuidanceShift(null);

    public boolean isNone() {
        return score == null;
    }
}
