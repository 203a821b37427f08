package io.guidestream.sampling.guidance;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.Optional;

/**
 * Guidance toward the predicted clean image (ALGORITHMS.md M3): g_x0 = (√ᾱ_t·x̂0 − x_t)/(1 − ᾱ_t), in score units,
 * times λ. It pulls x_t toward the noised version of the model's own x̂0, which lies near the data manifold, so
 * tail exploration does not drift off it. Acts on x_t; needs no classifier.
 */
public record X0Pull(double lambda) implements GuidanceTerm {
    @Override
    public Optional<Contribution> contribute(GuidanceContext ctx) {
        if (lambda == 0) return Optional.empty();
        double ab = ctx.alphaBar();
        NDArray g = ctx.x0().mul((float) Math.sqrt(ab)).sub(ctx.xt()).div((float) (1 - ab)).mul((float) lambda);
        double[] scale = new double[ctx.size()];
        Arrays.fill(scale, lambda);
        boolean[] active = new boolean[ctx.size()];
        Arrays.fill(active, true);
        return Optional.of(new Contribution("x0", Space.X, g, scale, active));
    }

    @Override
    public boolean needsClassifier() {
        return false;
    }
}
