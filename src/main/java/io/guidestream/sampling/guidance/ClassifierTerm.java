package io.guidestream.sampling.guidance;

import io.guidestream.sampling.ClassifierReading;
import java.util.Optional;

/**
 * Classifier guidance (Dhariwal &amp; Nichol 2021, §4): g = scale · ∇_x log p_φ(y | x_t). The scale rule decides
 * ADM (constant) versus ED-DPM (entropy-driven); the space decides ADM's score form versus M3's x-space form.
 */
public record ClassifierTerm(ScaleRule rule, Space space) implements GuidanceTerm {
    @Override
    public Optional<Contribution> contribute(GuidanceContext ctx) {
        ClassifierReading r = ctx.reading();
        if (r == null) return Optional.empty();
        double[] scale = rule.scales(r);
        boolean[] active = PerItem.nonZero(scale);
        if (!PerItem.any(active)) return Optional.empty();
        return Optional.of(new Contribution("classifier", space, PerItem.scale(r.gradLogPy(), scale), scale, active));
    }
}
