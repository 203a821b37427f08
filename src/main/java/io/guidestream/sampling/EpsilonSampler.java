package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import io.guidestream.diffusion.EpsilonMath;
import io.guidestream.diffusion.RespacedSchedule;

/** Shared by the samplers of ε-predicting models: clean estimate x̂0 = clip(x0_from_eps(ε̂), −1, 1). */
abstract class EpsilonSampler implements Sampler {
    protected final RespacedSchedule chain;

    EpsilonSampler(RespacedSchedule chain) {
        this.chain = chain;
    }

    @Override
    public RespacedSchedule schedule() {
        return chain;
    }

    @Override
    public Estimate estimate(NDArray xt, NDArray eps, int k) {
        return new Estimate(EpsilonMath.x0FromEps(chain.schedule(), k, xt, eps).clip(-1f, 1f), eps);
    }
}
