package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import org.jspecify.annotations.Nullable;

/**
 * The model's view of the current state: its clean estimate x̂0 (clipped to [−1, 1]) and, for ε models, the
 * noise estimate ε̂.
 */
public record Estimate(NDArray x0, @Nullable NDArray eps) {
}
