package io.guidestream.sampling.guidance;

import java.util.Optional;

/** One additive piece of guidance: a per-item direction times a per-item scale. */
public interface GuidanceTerm {
    /** Empty when the term does nothing for any item at this step (so a zero guidance stays bitwise unguided). */
    Optional<Contribution> contribute(GuidanceContext ctx);

    /** Whether it needs ∇_x H from the classifier (only the tail term does). */
    default boolean needsEntropyGradient() {
        return false;
    }

    /** Whether it needs a classifier at all. */
    default boolean needsClassifier() {
        return true;
    }
}
