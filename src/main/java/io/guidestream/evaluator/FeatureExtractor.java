package io.guidestream.evaluator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.bus.ErrorCode;
import io.guidestream.nn.ClassifierConfig;
import io.guidestream.nn.GradMode;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
import io.guidestream.sampling.LoadedModel;
import java.io.IOException;

/**
 * The evaluation feature network (ALGORITHMS.md §E, "when Inception weights are unavailable"): a FEATURES-role
 * {@link io.guidestream.nn.NoiseAwareClassifier} trained on clean Fashion-MNIST, always called with t = 0. Its pooled
 * penultimate activations are the feature space of FID and precision/recall, its softmax the p(y|x) of the Inception
 * Score and of class accuracy. Images are in [−1, 1], the same scaling the network was trained on.
 *
 * <p>Memory: parameters live in the model's manager; each batch runs in a sub-manager closed at the end of the batch,
 * so only host arrays survive. Not thread-safe; every call first switches off autograd on the calling thread (PyTorch's
 * grad mode is thread-local and on by default).
 */
public final class FeatureExtractor implements AutoCloseable {
    /** Images per forward pass: large enough to amortise the per-op cost, small enough to bound memory. */
    static final int BATCH = 250;

    private final ModelVersion version;
    private final LoadedModel model;
    private final int side;

    private FeatureExtractor(ModelVersion version, LoadedModel model) {
        this.version = version;
        this.model = model;
        this.side = version.card().network().imageSize();
    }

    /** Loads a FEATURES model version; any other role is refused (a guidance classifier is not a feature space). */
    public static FeatureExtractor load(ModelVersion version) throws IOException {
        if (version.card().role() != ModelRole.FEATURES || !(version.card().network() instanceof ClassifierConfig)) {
            throw new EvaluationException(ErrorCode.BAD_REQUEST, "features '" + version.name() + "' is a "
                    + version.card().role() + " model; expected a FEATURES classifier");
        }
        return new FeatureExtractor(version, LoadedModel.load(version));
    }

    /** Penultimate features and softmax probabilities of n images, in float64 (rows = images). */
    public record Output(double[][] features, double[][] probs) {
    }

    public ModelVersion version() {
        return version;
    }

    /** Width of a feature vector. */
    public int dim() {
        return ((ClassifierConfig) version.card().network()).featureDim();
    }

    /** Pixels of one image (C·H·W). */
    public int imageSize() {
        return version.card().network().imageChannels() * side * side;
    }

    /**
     * The first {@code count} images stored back to back in {@code images} (count×C×H×W, values in [−1, 1]); the
     * array may be longer (a reused chunk buffer).
     */
    public Output extract(float[] images, int count) {
        int pixels = imageSize();
        if (count < 1 || (long) count * pixels > images.length) {
            throw new IllegalArgumentException(images.length + " floats do not hold " + count + " images of " + pixels);
        }
        GradMode.disableOnThisThread();
        double[][] features = new double[count][];
        double[][] probs = new double[count][];
        for (int start = 0; start < count; start += BATCH) {
            int b = Math.min(BATCH, count - start);
            float[] slice = new float[b * pixels];
            System.arraycopy(images, start * pixels, slice, 0, slice.length);
            forwardBatch(slice, b, start, features, probs);
        }
        return new Output(features, probs);
    }

    /** A B×C×H×W array; copied to the host first, so the caller's array and manager are left as they were. */
    public Output extract(NDArray images) {
        Shape s = images.getShape();
        if (s.dimension() != 4) throw new IllegalArgumentException("images must be B×C×H×W, got " + s);
        return extract(images.toFloatArray(), Math.toIntExact(s.get(0)));
    }

    private void forwardBatch(float[] slice, int b, int offset, double[][] features, double[][] probs) {
        int channels = version.card().network().imageChannels();
        try (NDManager step = model.manager().newSubManager()) {
            NDArray x = step.create(slice, new Shape(b, channels, side, side));
            NDList out = model.block().forward(model.parameterStore(), new NDList(x, step.create(new int[b])), false);
            float[] logits = out.get(0).toFloatArray();
            float[] feats = out.get(1).toFloatArray();
            int classes = logits.length / b;
            int d = feats.length / b;
            for (int i = 0; i < b; i++) {
                features[offset + i] = new double[d];
                for (int j = 0; j < d; j++) features[offset + i][j] = feats[i * d + j];
                probs[offset + i] = softmax(logits, i * classes, classes);
            }
        }
    }

    /** Softmax in float64 with the maximum subtracted, so rows sum to 1 to double precision. */
    static double[] softmax(float[] logits, int from, int classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (int y = 0; y < classes; y++) max = Math.max(max, logits[from + y]);
        double[] p = new double[classes];
        double sum = 0;
        for (int y = 0; y < classes; y++) {
            p[y] = Math.exp(logits[from + y] - max);
            sum += p[y];
        }
        for (int y = 0; y < classes; y++) p[y] /= sum;
        return p;
    }

    @Override
    public void close() {
        model.close();
    }
}
