package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import io.guidestream.diffusion.EpsilonMath;
import io.guidestream.diffusion.NoiseSchedule;
import io.guidestream.diffusion.RespacedSchedule;
import io.guidestream.diffusion.VarianceKind;
import java.util.function.Supplier;

/**
 * Ancestral sampling (Ho et al. 2020, Alg. 2; ADM {@code p_sample} with {@code condition_mean}):
 * μ = c1·x̂0 + c2·x_t, then (1) μ' = μ + Σ·g for guidance, (2) x_{t−1} = μ' + 1[t&gt;0]·√Σ·z.
 */
public final class DdpmSampler extends EpsilonSampler {
    private final VarianceKind variance;

    public DdpmSampler(RespacedSchedule chain, VarianceKind variance) {
        super(chain);
        this.variance = variance;
    }

    @Override
    public StepResult step(NDArray xt, Estimate est, GuidanceShift shift, int k, Supplier<NDArray> noise) {
        NoiseSchedule s = chain.schedule();
        double sigma2 = s.variance(variance, k);
        NDArray mean = EpsilonMath.posteriorMean(s, k, est.x0(), xt);
        if (shift.score() != null) mean = mean.add(shift.score().mul((float) sigma2));
        NDArray next = k > 0 ? mean.add(noise.get().mul((float) Math.sqrt(sigma2))) : mean;
        return new StepResult(next, est.x0());
    }
}
