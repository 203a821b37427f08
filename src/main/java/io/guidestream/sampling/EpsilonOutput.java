package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.guidestream.diffusion.ValueRange;
import io.guidestream.nn.NetworkConfig;
import io.guidestream.nn.TorchScriptConfig;
import org.jspecify.annotations.Nullable;

/**
 * How to read an ε-network's output: which C channels are ε̂, whether guided-diffusion's learned-range variance v
 * (the other C channels, {@code learn_sigma}) comes with it, and the range its clean estimate x̂0 is clipped to.
 *
 * @param channels        C, the image channels (read only with a learned variance)
 * @param epsOffset       the first ε channel (0 or C)
 * @param learnedVariance whether the output has 2C channels, the other C being v ∈ [−1, 1]
 * @param range           the range of clean images in the model's diffusion
 */
public record EpsilonOutput(int channels, int epsOffset, boolean learnedVariance, ValueRange range) {

    /** ε̂ and nothing else, images in [−1, 1]: every network this project trains. */
    public static final EpsilonOutput PLAIN = new EpsilonOutput(0, 0, false, ValueRange.SIGNED);

    /** The reading a model's card declares. */
    public static EpsilonOutput of(NetworkConfig network) {
        if (network instanceof TorchScriptConfig ts) {
            return new EpsilonOutput(ts.imageChannels(), ts.epsOffset(), ts.learnedVariance(), ts.valueRange());
        }
        return PLAIN;
    }

    /** ε̂: the whole output, or its ε channels. */
    public NDArray eps(NDArray output) {
        return learnedVariance ? channels(output, epsOffset) : output;
    }

    /** v ∈ [−1, 1] per element (log Σ = f·log β + (1 − f)·log β̃, f = (v + 1)/2), or null without one. */
    public @Nullable NDArray variance(NDArray output) {
        return learnedVariance ? channels(output, epsOffset == 0 ? channels : 0) : null;
    }

    private NDArray channels(NDArray output, int first) {
        return output.get(new NDIndex(":, " + first + ":" + (first + channels)));
    }
}
