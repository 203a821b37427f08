package io.guidestream.evaluator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.bus.ErrorCode;
import io.guidestream.evaluation.Fid;
import io.guidestream.nn.ClassifierConfig;
import io.guidestream.nn.GradMode;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
import io.guidestream.sampling.LoadedModel;
import java.io.IOException;

/**
 * The evaluation feature network (ALGORITHMS.md §E, "when Inception weights are unavailable"): a FEATURES-role
 * {@link io.guidestream.nn.NoiseAwareClassifier} trained on clean Fashion-MNIST, always called with t = 0. Its pooled
 * penultimate activations are the feature space of FID and precision/recall, the first channels of the same
 * activations before pooling ({@link Fid#sFidChannels}; 7 channels of 7×7 = 343 features for Fashion-MNIST) that of
 * sFID, and its softmax the p(y|x) of the Inception Score and of class accuracy. Images are in [−1, 1], the same
 * scaling the network was trained on.
 *
 * <p>Memory: parameters live in the model's manager; each batch runs in a sub-manager closed at the end of the batch,
 * so only host arrays survive. Not thread-safe; every call first switches off autograd on the calling thread (PyTorch's
 * grad mode is thread-local and on by default).
 */
public final class FeatureExtractor implements FeatureSpace {
    /** Images per forward pass: large enough to amortise the per-op cost, small enough to bound memory. */
    static final int BATCH = 250;

    private final ModelVersion version;
    private final LoadedModel model;
    private final int side;
    /** Positions (h·w) of the spatial map. */
    private final int positions;

    private FeatureExtractor(ModelVersion version, LoadedModel model) {
        this.version = version;
        this.model = model;
        this.side = version.card().network().imageSize();
        Shape map = model.block().getOutputShapes(new Shape[] {
                new Shape(1, version.card().network().imageChannels(), side, side), new Shape(1)})[2];
        this.positions = Math.toIntExact(map.get(2) * map.get(3));
    }

    /** Loads a FEATURES model version; any other role is refused (a guidance classifier is not a feature space). */
    public static FeatureExtractor load(ModelVersion version) throws IOException {
        if (version.card().role() != ModelRole.FEATURES || !(version.card().network() instanceof ClassifierConfig)) {
            String what = version.card().role() == ModelRole.FEATURES ? "an autoencoder feature space"
                    : "a " + version.card().role() + " model";
            throw new EvaluationException(ErrorCode.BAD_REQUEST, "features '" + version.name() + "' is " + what
                    + "; features must be a FEATURES classifier (its softmax gives IS and accuracy)");
        }
        return new FeatureExtractor(version, LoadedModel.load(version));
    }

    /** Pooled and spatial penultimate features and softmax probabilities of n images, in float64 (rows = images). */
    public record Output(double[][] features, double[][] spatial, double[][] probs) {
        /** Room for n images' rows, filled by {@link #copyFrom}. */
        public static Output empty(int n) {
            return new Output(new double[n][], new double[n][], new double[n][]);
        }

        /** Puts {@code chunk}'s rows at {@code first}, {@code first + 1}, …. */
        public void copyFrom(Output chunk, int first) {
            System.arraycopy(chunk.features, 0, features, first, chunk.features.length);
            System.arraycopy(chunk.spatial, 0, spatial, first, chunk.spatial.length);
            System.arraycopy(chunk.probs, 0, probs, first, chunk.probs.length);
        }
    }

    @Override
    public ModelVersion version() {
        return version;
    }

    /** Width of a feature vector. */
    @Override
    public int dim() {
        return ((ClassifierConfig) version.card().network()).featureDim();
    }

    /** Width of a spatial feature vector: the kept channels times the positions of the map. */
    @Override
    public int spatialDim() {
        return Fid.sFidChannels(dim(), positions) * positions;
    }

    /** Pixels of one image (C·H·W). */
    public int imageSize() {
        return version.card().network().imageChannels() * side * side;
    }

    /**
     * The first {@code count} images stored back to back in {@code images} (count×C×H×W, values in [−1, 1]); the
     * array may be longer (a reused chunk buffer).
     */
    @Override
    public Output extract(float[] images, int count) {
        int pixels = imageSize();
        if (count < 1 || (long) count * pixels > images.length) {
            throw new IllegalArgumentException(images.length + " floats do not hold " + count + " images of " + pixels);
        }
        GradMode.disableOnThisThread();
        Output out = Output.empty(count);
        for (int start = 0; start < count; start += BATCH) {
            int b = Math.min(BATCH, count - start);
            float[] slice = new float[b * pixels];
            System.arraycopy(images, start * pixels, slice, 0, slice.length);
            forwardBatch(slice, b, start, out);
        }
        return out;
    }

    /** A B×C×H×W array; copied to the host first, so the caller's array and manager are left as they were. */
    public Output extract(NDArray images) {
        Shape s = images.getShape();
        if (s.dimension() != 4) throw new IllegalArgumentException("images must be B×C×H×W, got " + s);
        return extract(images.toFloatArray(), Math.toIntExact(s.get(0)));
    }

    private void forwardBatch(float[] slice, int b, int offset, Output into) {
        int channels = version.card().network().imageChannels();
        try (NDManager step = model.manager().newSubManager()) {
            NDArray x = step.create(slice, new Shape(b, channels, side, side));
            NDList out = model.block().forward(model.parameterStore(), new NDList(x, step.create(new int[b])), false);
            float[] logits = out.get(0).toFloatArray();
            float[] feats = out.get(1).toFloatArray();
            float[] maps = out.get(2).toFloatArray();
            int classes = logits.length / b;
            double[][] spatial = new double[b][];
            for (int i = 0; i < b; i++) {
                into.features()[offset + i] = row(feats, i, feats.length / b);
                spatial[i] = row(maps, i, maps.length / b);
                into.probs()[offset + i] = softmax(logits, i * classes, classes);
            }
            double[][] kept = Fid.firstChannels(spatial, dim(), Fid.sFidChannels(dim(), positions));
            System.arraycopy(kept, 0, into.spatial(), offset, b);
        }
    }

    private static double[] row(float[] values, int i, int width) {
        double[] r = new double[width];
        for (int j = 0; j < width; j++) r[j] = values[i * width + j];
        return r;
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
