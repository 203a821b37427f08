package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import org.jspecify.annotations.Nullable;

/**
 * What guidance asks of a sampler step, already scaled per sample. {@code score} is a term in score units applied the
 * sampler's native way (ADM: Σ·g added to the DDPM mean; −√(1−ᾱ)·g added to DDIM's ε). {@code x} is applied to the
 * state itself (M3): Σ·h added to the DDPM mean, β'_t·h added after the DDIM step. Null means "no such term", so that
 * a zero guidance leaves the step bitwise unguided.
 */
public record GuidanceShift(@Nullable NDArray score, @Nullable NDArray x) {
    public static final GuidanceShift NONE = new GuidanceShift(null, null);

    public boolean isNone() {
        return score == null && x == null;
    }
}
