package io.guidestream.evaluator;

import io.guidestream.bus.ErrorCode;
import io.guidestream.nn.AutoencoderConfig;
import io.guidestream.nn.ClassifierConfig;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
import java.io.IOException;

/**
 * A feature space in which FID and precision/recall are measured: a FEATURES-role model that maps images to vectors.
 * Two kinds ship: the clean-image classifier's penultimate layer ({@link FeatureExtractor}, which also gives the
 * spatial map of sFID and the softmax of IS and accuracy) and an autoencoder's code ({@link AutoencoderFeatures}),
 * which shares nothing with the classifiers that guide the samples (issue 21).
 */
public interface FeatureSpace extends AutoCloseable {

    ModelVersion version();

    /** Width of a feature vector. */
    int dim();

    /** Width of a spatial feature vector (sFID), or 0 when the space has none. */
    int spatialDim();

    /**
     * The first {@code count} images stored back to back in {@code images} (count×C×H×W, values in [−1, 1]); spatial
     * and probability rows are null when the space has none.
     */
    FeatureExtractor.Output extract(float[] images, int count);

    @Override
    void close();

    /** Loads a FEATURES model version as a feature space; any other role is refused. */
    static FeatureSpace load(ModelVersion version) throws IOException {
        if (version.card().role() != ModelRole.FEATURES) {
            throw new EvaluationException(ErrorCode.BAD_REQUEST, "features '" + version.name() + "' is a "
                    + version.card().role() + " model; expected a FEATURES model");
        }
        if (version.card().network() instanceof ClassifierConfig) return FeatureExtractor.load(version);
        if (version.card().network() instanceof AutoencoderConfig) return AutoencoderFeatures.load(version);
        throw new EvaluationException(ErrorCode.BAD_REQUEST, "features '" + version.name()
                + "' is neither a classifier nor an autoencoder");
    }
}
