package io.guidestream.sampling.guidance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.guidestream.diffusion.ForwardProcess;

/**
 * Guidance toward the predicted real image (ALGORITHMS.md M3, our reconstruction): the classifier guidance g is
 * replaced by (1 − λ)·g + λ·√ᾱ_t·J g, where J = ∂x̂0/∂x_t is the denoiser's Jacobian, taken along g by one finite
 * difference (one more denoiser pass). √ᾱ_t·J is the posterior covariance of x0 given x_t times the signal-to-noise
 * ratio (Tweedie), which near the data is the projection onto the data manifold's tangent space: the part of the
 * push that the denoiser keeps, the guidance "as the predicted clean image sees it" (the chain rule of guidance on
 * x̂0, as in universal guidance). What leaves the manifold (the adversarial, high-frequency part of a classifier's
 * gradient) is damped, and so is everything at high noise, where x̂0 hardly depends on x_t.
 *
 * <p>The first reconstruction pulled x_t toward √ᾱ·x̂0, i.e. added λ times the model's own score: a temperature
 * below one that collapsed DDIM chains onto class prototypes (docs/EXPERIMENTS.md). This form never adds to the
 * score; it only filters the guidance. λ = 0 leaves the guidance untouched (bitwise).
 *
 * @param lambda the weight of the routed guidance, 0..1
 */
public record X0Guidance(double lambda) {
    /** Finite-difference step: the perturbation's RMS per pixel, as a fraction of the level's noise √(1 − ᾱ). */
    static final double RELATIVE_STEP = 1e-2;

    public X0Guidance {
        if (!(lambda >= 0 && lambda <= 1)) throw new IllegalArgumentException("lambda must be 0..1, got " + lambda);
    }

    /** The filtered guidance; {@code g} itself when λ = 0 or no denoiser is at hand. */
    public NDArray apply(GuidanceContext ctx, NDArray g) {
        if (lambda == 0 || ctx.denoiser() == null) return g;
        int n = ctx.size();
        long perItem = g.size() / n;
        float[] flat = g.toFloatArray();
        double noise = Math.sqrt(1 - ctx.alphaBar());
        double[] h = new double[n];
        for (int i = 0; i < n; i++) {
            double sq = 0;
            for (long j = i * perItem; j < (i + 1) * perItem; j++) sq += (double) flat[(int) j] * flat[(int) j];
            double rms = Math.sqrt(sq / perItem);
            h[i] = rms > 0 ? RELATIVE_STEP * noise / rms : 0;
        }
        Shape shape = g.getShape();
        NDArray step = ForwardProcess.perSample(g.getManager(), h, shape);
        NDArray moved = ctx.denoiser().apply(ctx.xt().add(g.mul(step)));
        double[] back = new double[n];
        for (int i = 0; i < n; i++) back[i] = h[i] > 0 ? Math.sqrt(ctx.alphaBar()) / h[i] : 0;
        NDArray routed = moved.sub(ctx.x0()).mul(ForwardProcess.perSample(g.getManager(), back, shape));
        return g.mul((float) (1 - lambda)).add(routed.mul((float) lambda));
    }
}
