package io.guidestream.diffusion;

/** Reverse-process variance when the network does not learn σ (guided-diffusion's {@code ModelVarType}). */
public enum VarianceKind {
    /** Σ = β̃_t, the posterior variance: the lower bound of the optimal reverse variance. */
    FIXED_SMALL,
    /** Σ = β_t: the upper bound, ADM's default when σ is not learned. */
    FIXED_LARGE
}
