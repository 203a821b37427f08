package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.jspecify.annotations.Nullable;

/**
 * A loaded network as the sampler calls it, whatever it was made with: images x_t (B×C×H×W in the diffusion's value
 * range) at the training timesteps t, with a label per item where the network takes classes. The answer is the
 * network's output as it stands: ε̂ (with a learned variance, if the network has one: {@link EpsilonOutput} reads it)
 * for denoisers, x̂0 for blur models, logits for classifiers. Autograd follows the thread's grad mode, so a classifier
 * called inside a {@code GradientRecorder} yields input gradients.
 */
public interface Network {
    /**
     * @param scope  the step's manager: the output attaches to it
     * @param labels the class of each item (−1: none), or null for a network that takes none
     */
    NDArray forward(NDManager scope, NDArray x, int[] t, int @Nullable [] labels);
}
