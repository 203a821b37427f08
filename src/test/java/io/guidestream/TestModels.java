package io.guidestream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.guidestream.diffusion.BetaSchedule;
import io.guidestream.nn.ClassifierConfig;
import io.guidestream.nn.BlockConfig;
import io.guidestream.nn.UNetConfig;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A throwaway registry with tiny random networks (a conditional and an unconditional U-Net of base width 8, a
 * noise-aware classifier, and a features model of the classifier's shape), so that sampler, evaluator and verticle
 * tests run in seconds without trained weights.
 */
public final class TestModels {
    public static final String COND = "tiny-cond";
    public static final String UNCOND = "tiny-uncond";
    public static final String CLASSIFIER = "tiny-clf";
    /** A clean-image classifier in the FEATURES role: the evaluation feature space of evaluator tests. */
    public static final String FEATURES = "tiny-features";
    /** A class-conditional blur (Soft Diffusion) U-Net without a classifier; {@link #addBlur} publishes it. */
    public static final String BLUR = "tiny-blur";

    private TestModels() {
    }

    public static UNetConfig tinyUNet(int classes) {
        return new UNetConfig(1, 28, 8, List.of(1, 2), 1, classes, 4, false, 1);
    }

    public static ClassifierConfig tinyClassifier() {
        return new ClassifierConfig(1, 28, 8, List.of(1, 2), 1, 10, 4, false);
    }

    /** Creates {@code dir} as a registry holding the four tiny models. */
    public static ModelRegistry registry(Path dir) throws IOException {
        ModelRegistry registry = new ModelRegistry(dir);
        publish(registry, COND, ModelRole.EPSILON, tinyUNet(10), 10, CLASSIFIER, 1);
        publish(registry, UNCOND, ModelRole.EPSILON, tinyUNet(0), 0, CLASSIFIER, 2);
        publish(registry, CLASSIFIER, ModelRole.CLASSIFIER, tinyClassifier(), 10, null, 3);
        publish(registry, FEATURES, ModelRole.FEATURES, tinyClassifier(), 10, null, 4);
        return registry;
    }

    /** Adds the tiny blur model to a registry (not part of {@link #registry}, whose tests count its models). */
    public static ModelVersion addBlur(ModelRegistry registry) throws IOException {
        return publish(registry, BLUR, ModelRole.BLUR, tinyUNet(10), 10, null, 4);
    }

    public static ModelVersion publish(ModelRegistry registry, String name, ModelRole role, BlockConfig net,
            int classes, String classifier, long seed) throws IOException {
        Path params = Files.createTempFile("tiny", ".params");
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = net.create(m);
            SplittableRandom rng = new SplittableRandom(seed);
            for (var p : block.getParameters().values()) {
                NDArray a = p.getArray();
                float[] v = new float[Math.toIntExact(a.size())];
                for (int i = 0; i < v.length; i++) v[i] = (float) (rng.nextGaussian() * 0.1);
                a.set(v);
            }
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(params))) {
                block.saveParameters(out);
            }
        }
        ModelCard card = new ModelCard(name, 0, role, net, BetaSchedule.COSINE, 1000, classes, "test", null, 0,
                Map.of(), classifier, "test", ModelRegistry.now(), "tiny random " + role + " for tests", null);
        try {
            return registry.publish(card, Map.of(ModelVersion.PARAMS, params), true);
        } finally {
            Files.deleteIfExists(params);
        }
    }
}
