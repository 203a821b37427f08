package io.guidestream.sampling.guidance;

import java.util.Optional;

/**
 * Density-aware tail guidance (ALGORITHMS.md M3, our reconstruction): entropy ascent g_tail = ∇_x H(p(·|x_t)), which
 * lowers the classifier's confidence and so explores the class's low-density tails. Gated per item by a confidence
 * floor (only while p(y | x_t) ≥ τ, so the sample stays in its class) and by a time window (only while at least
 * {@code tMin} of the chain is left; late tail pushes only add texture noise). In score units, applied the way the
 * sampler applies the class term.
 */
public record TailTerm(double scale, double tau, double tMin) implements GuidanceTerm {
    @Override
    public Optional<Contribution> contribute(GuidanceContext ctx) {
        ClassifierReading r = ctx.reading();
        if (r == null || r.gradEntropy() == null || scale == 0 || ctx.progressLeft() < tMin) return Optional.empty();
        double[] s = new double[r.size()];
        boolean[] active = new boolean[r.size()];
        for (int i = 0; i < s.length; i++) {
            active[i] = r.targetProbability(i) >= tau;
            s[i] = active[i] ? scale : 0;
        }
        if (!PerItem.any(active)) return Optional.empty();
        return Optional.of(new Contribution("tail", PerItem.scale(r.gradEntropy(), s), s, active));
    }

    @Override
    public boolean needsEntropyGradient() {
        return scale != 0;
    }
}
