package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import io.guidestream.diffusion.BlurSchedule;
import java.util.function.Supplier;

/**
 * Soft Diffusion's naive baseline (Daras et al. 2022, §4; ALGORITHMS.md M5 (b)): re-corrupt the clean estimate at
 * the next level, x_{t−Δ} = C_{t−Δ} x̂0 + s_{t−Δ} η. The paper reports blurry, low-diversity samples; it is kept to
 * show what the momentum term buys. The last step (k = 0, level 0 where C = I and s is smallest) returns x̂0 with
 * no noise ({@link BlurSampler}).
 */
public final class NaiveBlurSampler extends BlurSampler {

    /** A chain of {@code steps} of the schedule's levels (1..K). */
    public NaiveBlurSampler(BlurSchedule blur, int steps) {
        super(blur, steps);
    }

    @Override
    protected NDArray move(NDArray xt, NDArray x0, int from, int to, Supplier<NDArray> noise) {
        return blur.corrupt(x0, to).add(noise.get().mul((float) blur.noise(to)));
    }
}
