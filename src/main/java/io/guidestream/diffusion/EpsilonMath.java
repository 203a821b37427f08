package io.guidestream.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * Conversions of an ε-parameterised model at one timestep i of a schedule (guided-diffusion
 * {@code _predict_xstart_from_eps}, {@code _predict_eps_from_xstart}, {@code q_posterior_mean_variance}).
 * All items share i, so coefficients are scalars read from the float64 host tables.
 */
public final class EpsilonMath {
    private EpsilonMath() {
    }

    /** x̂0 = √(1/ᾱ_i) x_t − √(1/ᾱ_i − 1) ε. */
    public static NDArray x0FromEps(NoiseSchedule s, int i, NDArray xt, NDArray eps) {
        return x0FromScaled(s, i, scaledXt(s, i, xt), eps);
    }

    /** ε = (√(1/ᾱ_i) x_t − x̂0) / √(1/ᾱ_i − 1). */
    public static NDArray epsFromX0(NoiseSchedule s, int i, NDArray xt, NDArray x0) {
        return epsFromScaled(s, i, scaledXt(s, i, xt), x0);
    }

    /**
     * √(1/ᾱ_i) x_t, the term both conversions start from: a step that makes both with one x_t computes it once
     * (two native calls and an array fewer each time, the same float32 values).
     */
    public static NDArray scaledXt(NoiseSchedule s, int i, NDArray xt) {
        return xt.mul((float) s.sqrtRecipAlphaBar(i));
    }

    /** {@link #x0FromEps} from {@link #scaledXt}. */
    public static NDArray x0FromScaled(NoiseSchedule s, int i, NDArray scaledXt, NDArray eps) {
        return scaledXt.sub(eps.mul((float) s.sqrtRecipM1AlphaBar(i)));
    }

    /** {@link #epsFromX0} from {@link #scaledXt}. */
    public static NDArray epsFromScaled(NoiseSchedule s, int i, NDArray scaledXt, NDArray x0) {
        return scaledXt.sub(x0).div((float) s.sqrtRecipM1AlphaBar(i));
    }

    /** μ̃ = c1_i x̂0 + c2_i x_t, the mean of q(x_{i−1} | x_i, x̂0). */
    public static NDArray posteriorMean(NoiseSchedule s, int i, NDArray x0, NDArray xt) {
        return x0.mul((float) s.posteriorMeanCoef1(i)).add(xt.mul((float) s.posteriorMeanCoef2(i)));
    }
}
