package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import io.guidestream.diffusion.EpsilonMath;
import io.guidestream.diffusion.NoiseSchedule;
import io.guidestream.diffusion.RespacedSchedule;
import io.guidestream.diffusion.VarianceKind;
import io.guidestream.sampling.guidance.GuidanceShift;
import java.util.function.Supplier;

/**
 * Ancestral sampling (Ho et al. 2020, Alg. 2; ADM {@code p_sample} with {@code condition_mean}):
 * μ = c1·x̂0 + c2·x_t, then (1) μ' = μ + Σ·g for guidance, (2) x_{t−1} = μ' + 1[t&gt;0]·√Σ·z. Σ is the fixed
 * variance chosen here, or, for a network that learns it (IDDPM's LEARNED_RANGE, guided-diffusion's
 * {@code learn_sigma}), log Σ = f·log β_t + (1 − f)·log β̃_t (clipped) per element with f = (v + 1)/2, on the
 * respaced chain's own tables.
 */
public final class DdpmSampler extends EpsilonSampler {
    private final VarianceKind variance;

    /** For a network whose output is ε̂ alone, images in [−1, 1]. */
    public DdpmSampler(RespacedSchedule chain, VarianceKind variance) {
        this(chain, variance, EpsilonOutput.PLAIN);
    }

    /** @param variance Σ when the network does not learn it */
    public DdpmSampler(RespacedSchedule chain, VarianceKind variance, EpsilonOutput output) {
        super(chain, output);
        this.variance = variance;
    }

    @Override
    public StepResult step(NDArray xt, Estimate est, GuidanceShift shift, int k, Supplier<NDArray> noise) {
        NoiseSchedule s = chain.schedule();
        NDArray mean = EpsilonMath.posteriorMean(s, k, est.x0(), xt);
        if (est.v() != null) return learnedStep(s, mean, est, shift, k, noise);
        double sigma2 = s.variance(variance, k);
        if (shift.score() != null) mean = mean.add(shift.score().mul((float) sigma2));
        NDArray next = k > 0 ? mean.add(noise.get().mul((float) Math.sqrt(sigma2))) : mean;
        return new StepResult(next, est.x0());
    }

    private static StepResult learnedStep(NoiseSchedule s, NDArray mean, Estimate est, GuidanceShift shift, int k,
            Supplier<NDArray> noise) {
        NDArray frac = est.v().add(1f).div(2f);
        NDArray logVariance = frac.mul((float) Math.log(s.beta(k)))
                .add(frac.neg().add(1f).mul((float) s.posteriorLogVarianceClipped(k)));
        if (shift.score() != null) mean = mean.add(logVariance.exp().mul(shift.score()));
        NDArray next = k > 0 ? mean.add(logVariance.mul(0.5f).exp().mul(noise.get())) : mean;
        return new StepResult(next, est.x0());
    }
}
