package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import io.guidestream.diffusion.BlurSchedule;
import java.util.function.Supplier;

/**
 * Soft Diffusion's Momentum Sampler (Daras et al. 2022, Alg. 1; ALGORITHMS.md M5 (b)), level t → t−Δ:
 * (1) x̂0 = h_θ(x_t, t); ŷ_t = C_t x̂0, ŷ_{t−Δ} = C_{t−Δ} x̂0;
 * (2) denoise: z = x_t − (1 − s_{t−Δ}²/s_t²)(x_t − ŷ_t) + √(s_t² − s_{t−Δ}²) η, i.e. a reverse-SDE Euler step
 * z = x_t + (s_t² − s_{t−Δ}²)·score + … with score = (ŷ_t − x_t)/s_t²;
 * (3) deblur "momentum": x_{t−Δ} = z + (ŷ_{t−Δ} − ŷ_t).
 * Noise is drawn only when s_t &gt; s_{t−Δ}. See {@link BlurSampler} for the chain and the final step.
 */
public final class MomentumSampler extends BlurSampler {

    /** A chain of {@code steps} of the schedule's levels (1..K). */
    public MomentumSampler(BlurSchedule blur, int steps) {
        super(blur, steps);
    }

    @Override
    protected NDArray move(NDArray xt, NDArray x0, int from, int to, Supplier<NDArray> noise) {
        double sFrom = blur.noise(from);
        double sTo = blur.noise(to);
        NDArray yFrom = blur.corrupt(x0, from);
        NDArray yTo = blur.corrupt(x0, to);
        double keep = 1 - sTo * sTo / (sFrom * sFrom);
        NDArray z = xt.sub(xt.sub(yFrom).mul((float) keep));
        double added = sFrom * sFrom - sTo * sTo;
        if (added > 0) z = z.add(noise.get().mul((float) Math.sqrt(added)));
        return z.add(yTo.sub(yFrom));
    }
}
