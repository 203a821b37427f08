package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import io.guidestream.diffusion.EpsilonMath;
import io.guidestream.diffusion.NoiseSchedule;
import io.guidestream.diffusion.RespacedSchedule;
import io.guidestream.sampling.guidance.GuidanceShift;
import java.util.function.Supplier;

/**
 * DDIM (Song et al. 2021, eq. 12; ADM {@code ddim_sample} with {@code condition_score}):
 * (1) ε̂ re-derived from the clipped x̂0; (2) guidance ε' = ε̂ − √(1−ᾱ_t)·g, x̂0' = x0_from_eps(ε') (not re-clipped);
 * (3) σ_t = η·√((1−ᾱ_{t−1})/(1−ᾱ_t))·√(1−ᾱ_t/ᾱ_{t−1});
 * (4) x_{t−1} = √ᾱ_{t−1}·x̂0' + √(1−ᾱ_{t−1}−σ_t²)·ε' + 1[t&gt;0]·σ_t·z.
 */
public final class DdimSampler extends EpsilonSampler {
    private final double eta;

    /** For a network whose output is ε̂ alone, images in [−1, 1]. */
    public DdimSampler(RespacedSchedule chain, double eta) {
        this(chain, eta, EpsilonOutput.PLAIN);
    }

    /** DDIM ignores a learned variance: with η it sets its own σ_t. */
    public DdimSampler(RespacedSchedule chain, double eta, EpsilonOutput output) {
        super(chain, output);
        this.eta = eta;
    }

    /** σ_t of step k (eq. 16 with η). */
    public double sigma(int k) {
        NoiseSchedule s = chain.schedule();
        double ab = s.alphaBar(k);
        double abPrev = s.alphaBarPrev(k);
        return eta * Math.sqrt((1 - abPrev) / (1 - ab)) * Math.sqrt(1 - ab / abPrev);
    }

    @Override
    public StepResult step(NDArray xt, Estimate est, GuidanceShift shift, int k, Supplier<NDArray> noise) {
        NoiseSchedule s = chain.schedule();
        NDArray x0 = est.x0();
        // √(1/ᾱ)·x_t as the estimate computed it, when it kept it: the same values, two native calls fewer.
        NDArray scaledXt = est.scaledXt() != null ? est.scaledXt() : EpsilonMath.scaledXt(s, k, xt);
        NDArray eps = EpsilonMath.epsFromScaled(s, k, scaledXt, x0);
        if (shift.score() != null) {
            eps = eps.sub(shift.score().mul((float) Math.sqrt(1 - s.alphaBar(k))));
            x0 = EpsilonMath.x0FromScaled(s, k, scaledXt, eps);
        }
        double abPrev = s.alphaBarPrev(k);
        double sigma = sigma(k);
        NDArray next = x0.mul((float) Math.sqrt(abPrev))
                .add(eps.mul((float) Math.sqrt(Math.max(0, 1 - abPrev - sigma * sigma))));
        if (k > 0 && sigma > 0) next = next.add(noise.get().mul((float) sigma));
        return new StepResult(next, x0);
    }
}
