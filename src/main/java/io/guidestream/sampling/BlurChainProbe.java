package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.bus.SamplerKind;
import io.guidestream.diffusion.BlurSchedule;
import io.guidestream.diffusion.HostNoise;
import io.guidestream.sampling.guidance.GuidanceShift;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Follows one blur sampler's chain (Soft Diffusion) over a batch and measures, at each step, the two quantities that
 * decide whether the momentum sampler can beat the naive one (docs/EXPERIMENTS.md, Soft Diffusion):
 * <ul>
 * <li>{@code x0Change}: RMS per pixel of x̂0^(k) − x̂0^(k+1), how much the clean estimate moves between consecutive
 * steps. The momentum sampler's state is the sum of the bands (C_{k−1} − C_k) x̂0^(k) that each step's estimate
 * contributes, so it is a coherent image only when consecutive estimates agree; the naive sampler re-corrupts the
 * latest estimate and keeps no such memory.</li>
 * <li>{@code residual}: RMS per pixel of x_k − C_k x̂0^(k), divided by s_k. On the data's own path this is the noise,
 * about 1; above 1 the chain carries structure the model's estimate does not explain (the chain has left the
 * corrupted distribution the model was trained on).</li>
 * </ul>
 * Maths only: the predictor is any h(x, level) (the network, or an oracle in tests).
 */
public final class BlurChainProbe {
    /** The clean-image predictor h_θ(x_k, k), for a batch at one level. */
    @FunctionalInterface
    public interface Predictor {
        NDArray predict(NDManager scope, NDArray x, int level);
    }

    /** One step's measurements; {@code x0Change} is NaN at the first step (no earlier estimate). */
    public record Step(int level, double blurSigma, double noise, double x0Change, double residual) {
    }

    private BlurChainProbe() {
    }

    /**
     * Runs {@code kind}'s chain of {@code steps} steps from the prior for {@code labels} (one per sample, as h is
     * called with), seeded by {@code seed}, through h.
     */
    public static List<Step> follow(SamplerKind kind, BlurSchedule blur, int steps, Predictor h, NDManager manager,
            Shape shape, int[] labels, long seed) {
        BlurSampler sampler = BlurSampler.of(kind, blur, steps);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Step> out = new ArrayList<>();
        try (NDManager chain = manager.newSubManager()) {
            NDArray x = sampler.initialState(chain, shape, labels, rng);
            NDArray previous = null;
            for (int k = sampler.schedule().steps() - 1; k >= 0; k--) {
                int level = sampler.schedule().modelTimestep(k);
                NDArray next;
                NDArray x0;
                try (NDManager scope = chain.newSubManager()) {
                    // Borrowed for the step, so that the network's intermediates (created on x's manager) and every
                    // other temporary die with the step's scope.
                    scope.tempAttachAll(x);
                    if (previous != null) scope.tempAttachAll(previous);
                    x0 = sampler.estimate(x, h.predict(scope, x, level), k).x0();
                    double change = previous == null ? Double.NaN : rms(x0.sub(previous));
                    double residual = rms(x.sub(blur.corrupt(x0, level))) / blur.noise(level);
                    out.add(new Step(level, blur.blurSigma(level), blur.noise(level), change, residual));
                    next = sampler.step(x, new Estimate(x0, null), GuidanceShift.NONE, k,
                            () -> HostNoise.gaussian(scope, shape, rng)).next();
                    next.attach(chain);
                    x0.attach(chain);
                }
                x.close();
                if (previous != null) previous.close();
                x = next;
                previous = x0;
            }
        }
        return out;
    }

    private static double rms(NDArray d) {
        float[] v = d.toFloatArray();
        double sum = 0;
        for (float f : v) sum += (double) f * f;
        return Math.sqrt(sum / v.length);
    }
}
