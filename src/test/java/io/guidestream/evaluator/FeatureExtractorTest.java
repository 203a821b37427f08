package io.guidestream.evaluator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.LiveArrays;
import io.guidestream.TestModels;
import io.guidestream.bus.ErrorCode;
import io.guidestream.data.FashionMnist;
import io.guidestream.data.LabelledImages;
import io.guidestream.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureExtractorTest {
    static final Path SLICE = Path.of("src/test/resources/fashion-mnist-slice");
    @TempDir
    static Path dir;
    static ModelRegistry registry;
    static LabelledImages test;

    @BeforeAll
    static void setUp() throws Exception {
        registry = TestModels.registry(dir);
        test = FashionMnist.load(SLICE, FashionMnist.Split.TEST);
    }

    @Test
    void featuresAndProbabilitiesComeOutPerImageAcrossBatchBoundaries() throws Exception {
        int n = FeatureExtractor.BATCH + 50;
        try (FeatureExtractor fx = FeatureExtractor.load(registry.require(TestModels.FEATURES))) {
            float[] images = ReferenceStats.pixels(test, 0, n);
            FeatureExtractor.Output all = fx.extract(images, n);
            assertEquals(n, all.features().length);
            assertEquals(16, fx.dim(), "tiny classifier: 8 channels × multiplier 2");
            assertEquals(16, all.features()[n - 1].length);
            for (double[] p : all.probs()) {
                assertEquals(10, p.length);
                assertEquals(1.0, Arrays.stream(p).sum(), 1e-12);
                assertTrue(Arrays.stream(p).allMatch(v -> v >= 0));
            }
            FeatureExtractor.Output first = fx.extract(Arrays.copyOf(images, 10 * 784), 10);
            for (int i = 0; i < 10; i++) {
                assertArrayEquals(all.features()[i], first.features()[i], 1e-5, "an image's features do not depend"
                        + " on what shares its batch");
            }
            FeatureExtractor.Output last = fx.extract(Arrays.copyOfRange(images, (n - 1) * 784, n * 784), 1);
            assertArrayEquals(all.probs()[n - 1], last.probs()[0], 1e-6, "the second batch is aligned");
        }
    }

    @Test
    void spatialFeaturesAreTheLeadingChannelsOfTheMapThatTheFeaturesAverage() throws Exception {
        try (FeatureExtractor fx = FeatureExtractor.load(registry.require(TestModels.FEATURES))) {
            int n = 6;
            FeatureExtractor.Output out = fx.extract(ReferenceStats.pixels(test, 0, n), n);
            int positions = 14 * 14; // 28 → 14 with one downsampling level
            assertEquals(2 * positions, fx.spatialDim(), "2 of the 16 channels: 392 ≤ 512 features");
            for (int i = 0; i < n; i++) {
                assertEquals(fx.spatialDim(), out.spatial()[i].length);
                for (int c = 0; c < 2; c++) {
                    double sum = 0;
                    for (int p = 0; p < positions; p++) sum += out.spatial()[i][c * positions + p];
                    assertEquals(out.features()[i][c], sum / positions, 1e-5,
                            "image " + i + ", channel " + c + ": the pooled feature is the map's mean");
                }
            }
        }
    }

    @Test
    void anNdArrayGivesTheSameAsItsFloatsAndNoArraysLeak() throws Exception {
        try (FeatureExtractor fx = FeatureExtractor.load(registry.require(TestModels.FEATURES));
             NDManager m = NDManager.newBaseManager()) {
            float[] images = ReferenceStats.pixels(test, 0, 8);
            var array = m.create(images, new Shape(8, 1, 28, 28));
            fx.extract(images, 8); // first call: lazy engine state settles
            int before = LiveArrays.count();
            FeatureExtractor.Output a = fx.extract(array);
            for (int i = 0; i < 5; i++) fx.extract(images, 8);
            assertEquals(before, LiveArrays.count(), "every batch's arrays are closed with its scope");
            FeatureExtractor.Output b = fx.extract(images, 8);
            assertArrayEquals(a.features()[7], b.features()[7], 0);
            assertArrayEquals(images, array.toFloatArray(), "the caller's array is alive and unchanged");
        }
    }

    @Test
    void onlyFeaturesModelsAreAccepted() {
        EvaluationException e = assertThrows(EvaluationException.class,
                () -> FeatureExtractor.load(registry.require(TestModels.CLASSIFIER)));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertTrue(e.getMessage().contains("features 'tiny-clf' is a CLASSIFIER model"), e.getMessage());
    }
}
