package io.guidestream.sampling.guidance;

import java.util.Optional;

/**
 * Classifier guidance (Dhariwal &amp; Nichol 2021, §4): g = scale · ∇_x log p_φ(y | x_t), in score units. The scale
 * rule decides ADM (constant) versus ED-DPM (entropy-driven). Tail guidance (M3) uses this same term, so that with
 * its tail and x̂0 parts at zero it is ADM bitwise.
 */
public record ClassifierTerm(ScaleRule rule) implements GuidanceTerm {
    @Override
    public Optional<Contribution> contribute(GuidanceContext ctx) {
        ClassifierReading r = ctx.reading();
        if (r == null) return Optional.empty();
        double[] scale = rule.scales(r);
        boolean[] active = PerItem.nonZero(scale);
        if (!PerItem.any(active)) return Optional.empty();
        return Optional.of(new Contribution("classifier", PerItem.scale(r.gradLogPy(), scale), scale, active));
    }
}
