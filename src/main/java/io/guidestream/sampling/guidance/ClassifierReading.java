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

    /** {@code first}'s items followed by {@code more}'s: the readings of a batch's two halves as one. */
    public static ClassifierReading concat(ClassifierReading first, ClassifierReading more) {
        return new ClassifierReading(join(first.probs, more.probs), join(first.entropy, more.entropy),
                join(first.target, more.target), join(first.gradNorm, more.gradNorm),
                first.gradLogPy.concat(more.gradLogPy),
                first.gradEntropy == null ? null : first.gradEntropy.concat(more.gradEntropy));
    }

    private static double[][] join(double[][] a, double[][] b) {
        double[][] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double[] join(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] join(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Items [from, to) of this reading; the gradient arrays are views owned by the caller's scope. */
    public ClassifierReading slice(int from, int to) {
        NDIndex range = new NDIndex(from + ":" + to);
        return new ClassifierReading(Arrays.copyOfRange(probs, from, to), Arrays.copyOfRange(entropy, from, to),
                Arrays.copyOfRange(target, from, to), Arrays.copyOfRange(gradNorm, from, to), gradLogPy.get(range),
                gradEntropy == null ? null : gradEntropy.get(range));
    }
}
