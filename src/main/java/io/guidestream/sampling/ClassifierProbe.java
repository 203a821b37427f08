package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.guidestream.nn.GradientRecorder;
import io.guidestream.sampling.guidance.ClassifierReading;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Runs a noise-aware classifier on x_t with input gradients (ALGORITHMS.md §0): x is copied into a leaf that
 * requires a gradient, the classifier runs inside a {@link GradientRecorder}, and one backward pass on
 * Σ_b log p(y_b | x_b) gives every item's ∇_x log p(y | x_t) (items do not interact: GroupNorm is per sample).
 * When ∇H is needed too, a second copy of x is stacked in the same batch and Σ_b H_b is added to the objective,
 * so one backward pass yields both gradients, each on its own copy.
 */
public final class ClassifierProbe {
    private final Network classifier;

    /** {@code classifier}'s parameters must not require gradients (none are wanted here): frozen, or imported. */
    public ClassifierProbe(Network classifier) {
        this.classifier = classifier;
    }

    /** A probe of a block (frozen) that takes (x, t). */
    public ClassifierProbe(Block classifier, ParameterStore ps) {
        this(new BlockNetwork(classifier, ps, null));
    }

    /**
     * @param labels target per item; a negative label means "no target": the argmax class is used
     */
    public ClassifierReading read(NDManager scope, NDArray x, int[] t, int[] labels, boolean withEntropyGradient) {
        int b = labels.length;
        NDArray forLogP = x.duplicate();
        forLogP.attach(scope);
        forLogP.setRequiresGradient(true);
        NDArray forEntropy = null;
        int[] times = t;
        if (withEntropyGradient) {
            forEntropy = x.duplicate();
            forEntropy.attach(scope);
            forEntropy.setRequiresGradient(true);
            times = IntStream.concat(Arrays.stream(t), Arrays.stream(t)).toArray();
        }
        double[][] probs;
        int[] target;
        try (GradientRecorder gc = GradientRecorder.start()) {
            // The stacking must be recorded by autograd, so it happens inside the collector.
            NDArray input = withEntropyGradient ? forLogP.concat(forEntropy, 0) : forLogP;
            NDArray logp = classifier.forward(scope, input, times, null).logSoftmax(1);
            NDArray logpFirst = withEntropyGradient ? logp.get(new NDIndex("0:" + b)) : logp;
            probs = toRows(logpFirst.exp().stopGradient(), b);
            target = targets(labels, probs);
            NDArray onehot = scope.create(target).oneHot(probs[0].length).toType(DataType.FLOAT32, false);
            NDArray objective = logpFirst.mul(onehot).sum();
            if (withEntropyGradient) {
                NDArray logpSecond = logp.get(new NDIndex(b + ":"));
                objective = objective.add(logpSecond.exp().mul(logpSecond).sum().neg());
            }
            gc.backward(objective);
        }
        NDArray gradLogPy = forLogP.getGradient();
        gradLogPy.attach(scope);
        NDArray gradEntropy = null;
        if (forEntropy != null) {
            gradEntropy = forEntropy.getGradient();
            gradEntropy.attach(scope);
        }
        double[] gradNorm = norms(gradLogPy, b);
        return new ClassifierReading(probs, entropies(probs), target, gradNorm, gradLogPy, gradEntropy);
    }

    private static double[][] toRows(NDArray probs, int b) {
        float[] flat = probs.toFloatArray();
        int c = flat.length / b;
        double[][] rows = new double[b][c];
        for (int i = 0; i < b; i++) for (int j = 0; j < c; j++) rows[i][j] = flat[i * c + j];
        return rows;
    }

    private static int[] targets(int[] labels, double[][] probs) {
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) out[i] = labels[i] >= 0 ? labels[i] : argmax(probs[i]);
        return out;
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
        return best;
    }

    /** H(p) = −Σ p log p in nats, per row (0·log 0 = 0). */
    public static double[] entropies(double[][] probs) {
        double[] h = new double[probs.length];
        for (int i = 0; i < probs.length; i++) {
            double s = 0;
            for (double p : probs[i]) if (p > 0) s -= p * Math.log(p);
            h[i] = s;
        }
        return h;
    }

    private static double[] norms(NDArray grads, int b) {
        float[] sq = grads.square().reshape(b, -1).sum(new int[] {1}).toFloatArray();
        double[] out = new double[b];
        for (int i = 0; i < b; i++) out[i] = Math.sqrt(sq[i]);
        return out;
    }
}
