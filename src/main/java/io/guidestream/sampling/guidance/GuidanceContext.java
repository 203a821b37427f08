package io.guidestream.sampling.guidance;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * What guidance may look at for one group of items at respaced step k (of K): the state x_t, the model's clipped
 * x̂0, ᾱ_k, the classifier's reading (null when no classifier is loaded), and the denoiser itself as x ↦ x̂0(x) at
 * this step's timestep and labels (for guidance routed through the predicted clean image; null where none is
 * available).
 */
public record GuidanceContext(NDArray xt, NDArray x0, double alphaBar, int k, int steps,
        @Nullable ClassifierReading reading, @Nullable UnaryOperator<NDArray> denoiser) {

    public int size() {
        return Math.toIntExact(xt.getShape().get(0));
    }

    /** The fraction of the chain still ahead: 1 at the first step, about 0 at the last. */
    public double progressLeft() {
        return (double) k / steps;
    }
}
