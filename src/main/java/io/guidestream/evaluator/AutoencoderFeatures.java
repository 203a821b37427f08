package io.guidestream.evaluator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.nn.AutoencoderConfig;
import io.guidestream.nn.GradMode;
import io.guidestream.registry.ModelVersion;
import io.guidestream.sampling.LoadedModel;
import java.io.IOException;

/**
 * The second evaluation feature space: the bottleneck code of a FEATURES-role {@link io.guidestream.nn.ConvAutoencoder}
 * trained to reconstruct clean images, with no labels, another architecture and another seed than the classifiers
 * (issue 21). It has no spatial map and no class probabilities: FID and precision/recall only. Memory and threading as
 * {@link FeatureExtractor}.
 */
public final class AutoencoderFeatures implements FeatureSpace {
    private final ModelVersion version;
    private final LoadedModel model;
    private final AutoencoderConfig config;

    private AutoencoderFeatures(ModelVersion version, LoadedModel model) {
        this.version = version;
        this.model = model;
        this.config = (AutoencoderConfig) version.card().network();
    }

    static AutoencoderFeatures load(ModelVersion version) throws IOException {
        return new AutoencoderFeatures(version, LoadedModel.load(version));
    }

    @Override
    public ModelVersion version() {
        return version;
    }

    @Override
    public int dim() {
        return config.codeDim();
    }

    @Override
    public int spatialDim() {
        return 0;
    }

    @Override
    public FeatureExtractor.Output extract(float[] images, int count) {
        int side = config.imageSize();
        int pixels = config.imageChannels() * side * side;
        if (count < 1 || (long) count * pixels > images.length) {
            throw new IllegalArgumentException(images.length + " floats do not hold " + count + " images of " + pixels);
        }
        GradMode.disableOnThisThread();
        FeatureExtractor.Output out = FeatureExtractor.Output.empty(count);
        for (int start = 0; start < count; start += FeatureExtractor.BATCH) {
            int b = Math.min(FeatureExtractor.BATCH, count - start);
            float[] slice = new float[b * pixels];
            System.arraycopy(images, start * pixels, slice, 0, slice.length);
            try (NDManager step = model.manager().newSubManager()) {
                NDArray x = step.create(slice, new Shape(b, config.imageChannels(), side, side));
                NDList res = model.block().forward(model.parameterStore(), new NDList(x, step.create(new int[b])),
                        false);
                float[] code = res.get(1).toFloatArray();
                for (int i = 0; i < b; i++) {
                    double[] row = new double[dim()];
                    for (int j = 0; j < row.length; j++) row[j] = code[i * row.length + j];
                    out.features()[start + i] = row;
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
