package io.guidestream.sampling.guidance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The noise-aware classifier's view of a batch at one step: p(c | x_t) per item, its entropy H (nats), the target
 * label y each gradient was taken for, ∇_x log p(y | x_t) and (when asked) ∇_x H. Host arrays are per item.
 */
public record ClassifierReading(double[][] probs, double[] entropy, int[] target, double[] gradNorm,
        NDArray gradLogPy, @Nullable NDArray gradEntropy) {

    public int size() {
        return entropy.length;
    }

    public int numClasses() {
        return probs.length == 0 ? 0 : probs[0].length;
    }

    /** p(y | x_t) for each item's target. */
    public double targetProbability(int item) {
        return probs[item][target[item]];
    }

    /** Items [from, to) of this reading; the gradient arrays are views owned by the caller's scope. */
    public ClassifierReading slice(int from, int to) {
        NDIndex range = new NDIndex(from + ":" + to);
        return new ClassifierReading(Arrays.copyOfRange(probs, from, to), Arrays.copyOfRange(entropy, from, to),
                Arrays.copyOfRange(target, from, to), Arrays.copyOfRange(gradNorm, from, to), gradLogPy.get(range),
                gradEntropy == null ? null : gradEntropy.get(range));
    }
}
