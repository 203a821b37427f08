package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import org.jspecify.annotations.Nullable;

/**
 * The model's view of the current state: its clean estimate x̂0 (clipped to the model's value range) and, for ε
 * models, the noise estimate ε̂ and, where the network learns it, the variance interpolation v ∈ [−1, 1]
 * (guided-diffusion's LEARNED_RANGE; ancestral sampling uses it). {@code scaledXt}, where the estimate kept it, is
 * √(1/ᾱ_k)·x_t of the x_t and k it was made for, so that a step at that x_t and k need not compute it again.
 */
public record Estimate(NDArray x0, @Nullable NDArray eps, @Nullable NDArray v, @Nullable NDArray scaledXt) {
    public Estimate(NDArray x0, @Nullable NDArray eps, @Nullable NDArray v) {
        this(x0, eps, v, null);
    }

    public Estimate(NDArray x0, @Nullable NDArray eps) {
        this(x0, eps, null, null);
    }
}
