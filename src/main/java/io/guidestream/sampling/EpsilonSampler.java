package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import io.guidestream.diffusion.EpsilonMath;
import io.guidestream.diffusion.RespacedSchedule;

/**
 * Shared by the samplers of ε-predicting models: clean estimate x̂0 = clip(x0_from_eps(ε̂)) to the model's value
 * range, with ε̂ (and a learned variance) read from the network's output as its card declares.
 */
abstract class EpsilonSampler implements Sampler {
    protected final RespacedSchedule chain;
    private final EpsilonOutput output;

    EpsilonSampler(RespacedSchedule chain, EpsilonOutput output) {
        this.chain = chain;
        this.output = output;
    }

    @Override
    public RespacedSchedule schedule() {
        return chain;
    }

    @Override
    public Estimate estimate(NDArray xt, NDArray netOutput, int k) {
        NDArray eps = output.eps(netOutput);
        NDArray scaledXt = EpsilonMath.scaledXt(chain.schedule(), k, xt);
        NDArray x0 = EpsilonMath.x0FromScaled(chain.schedule(), k, scaledXt, eps).clip(output.range().low(),
                output.range().high());
        return new Estimate(x0, eps, output.variance(netOutput), scaledXt);
    }
}
