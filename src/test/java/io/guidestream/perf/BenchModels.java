package io.guidestream.perf;

import io.guidestream.TestModels;
import io.guidestream.nn.ClassifierConfig;
import io.guidestream.nn.UNetConfig;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A temporary registry with the shipped architectures and random weights: timings do not depend on the weights, so
 * the benchmarks run from a fresh clone without the trained models.
 */
final class BenchModels {
    static final String UNET = "bench-unet";
    static final String UNET_NO_CLASSIFIER = "bench-unet-bare";
    static final String CLASSIFIER = "bench-clf";

    private BenchModels() {
    }

    static ModelRegistry create() throws Exception {
        Path dir = Files.createTempDirectory("guidestream-bench");
        ModelRegistry r = new ModelRegistry(dir);
        TestModels.publish(r, UNET, ModelRole.EPSILON, UNetConfig.fashion(10), 10, CLASSIFIER, 1);
        TestModels.publish(r, UNET_NO_CLASSIFIER, ModelRole.EPSILON, UNetConfig.fashion(10), 10, null, 1);
        TestModels.publish(r, CLASSIFIER, ModelRole.CLASSIFIER, ClassifierConfig.fashion(), 10, null, 2);
        return r;
    }
}
