package io.guidestream.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.guidestream.TestModels;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
import io.guidestream.registry.Sha256;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged parameter file gives a clear error and the previous version keeps serving. */
class CorruptModelTest {
    private static void corrupt(ModelVersion v) throws Exception {
        byte[] bytes = Files.readAllBytes(v.params());
        Files.write(v.params(), java.util.Arrays.copyOf(bytes, bytes.length / 3)); // truncated mid-tensor
    }

    @Test
    void aDamagedNewVersionIsNotHotLoadedAndTheOldOneKeepsServing(@TempDir Path dir) throws Exception {
        ModelRegistry registry = TestModels.registry(dir);
        try (ModelStore store = new ModelStore(registry); SamplingEngine engine = new SamplingEngine(store, 64, "t")) {
            assertEquals(1, store.get(TestModels.COND, ModelRole.EPSILON).card().version());
            ModelVersion v2 = TestModels.publish(registry, TestModels.COND, ModelRole.EPSILON,
                    TestModels.tinyUNet(10), 10, TestModels.CLASSIFIER, 5);
            corrupt(v2);
            SamplingException e = assertThrows(SamplingException.class, () -> engine.modelPublished(TestModels.COND));
            assertEquals(ErrorCode.INTERNAL, e.code());
            assertTrue(e.getMessage().contains("tiny-cond v2") && e.getMessage().contains(v2.dir().toString()),
                    e.getMessage());
            RecordingSink sink = new RecordingSink();
            var accepted = engine.admit(Commands.ddim("j", TestModels.COND, List.of(1), 1, 3, GuidanceMethod.NONE, 0));
            assertEquals(1, accepted.modelVersion(), "v1 keeps serving");
            while (!engine.idle()) engine.tick(sink);
            assertEquals(3, sink.of("j").size());
        }
    }

    @Test
    void aDamagedDefaultFallsBackToThePreviousVersionAtStart(@TempDir Path dir) throws Exception {
        ModelRegistry registry = TestModels.registry(dir);
        ModelVersion v2 = TestModels.publish(registry, TestModels.COND, ModelRole.EPSILON, TestModels.tinyUNet(10),
                10, TestModels.CLASSIFIER, 5);
        corrupt(v2);
        try (ModelStore store = new ModelStore(registry)) {
            assertEquals(1, store.get(TestModels.COND, ModelRole.EPSILON).card().version());
        }
        corrupt(registry.find(TestModels.COND, 1).orElseThrow());
        try (ModelStore store = new ModelStore(registry)) {
            SamplingException e = assertThrows(SamplingException.class,
                    () -> store.get(TestModels.COND, ModelRole.EPSILON));
            assertTrue(e.getMessage().contains("cannot load tiny-cond v2"), e.getMessage());
        }
    }

    /**
     * Weights that are not all finite (here a published version with 1,024 NaNs in its largest parameter) are refused
     * at load with the model, version and parameter named, and the previous version keeps serving. Before, they were
     * served: every step reported done, with black images.
     */
    @Test
    void nonFiniteWeightsAreRefusedAtLoadNamingTheParameter(@TempDir Path dir) throws Exception {
        ModelRegistry registry = TestModels.registry(dir);
        Poisoned p = publishWithNaNs(registry, 1024);
        IOException e = assertThrows(IOException.class, () -> LoadedModel.load(p.version()));
        assertEquals("cannot load tiny-cond v2 from " + p.version().dir() + ": parameter '" + p.parameter() + "' has"
                + " 1024 non-finite values (NaN or ±∞) of " + p.size(), e.getMessage());
        try (ModelStore store = new ModelStore(registry)) {
            assertEquals(1, store.get(TestModels.COND, ModelRole.EPSILON).card().version(), "v1 serves instead");
        }
    }

    /**
     * 4 KB of NaN written into a published weight file: its SHA-256 no longer matches the card, so the version is
     * refused before its bytes are read as weights.
     */
    @Test
    void aWeightFileDamagedAfterPublishFailsItsCardsDigest(@TempDir Path dir) throws Exception {
        ModelRegistry registry = TestModels.registry(dir);
        ModelVersion v2 = TestModels.publish(registry, TestModels.COND, ModelRole.EPSILON, TestModels.tinyUNet(10),
                10, TestModels.CLASSIFIER, 5);
        assertEquals(Sha256.of(v2.params()), v2.card().paramsSha256(), "the card records the published weights");
        byte[] bytes = Files.readAllBytes(v2.params());
        java.util.Arrays.fill(bytes, bytes.length / 2, bytes.length / 2 + 4096, (byte) 0xFF); // NaN in either order
        Files.write(v2.params(), bytes);
        IOException e = assertThrows(IOException.class, () -> LoadedModel.load(v2));
        assertTrue(e.getMessage().startsWith("cannot load tiny-cond v2 from " + v2.dir()
                + ": model.params is damaged: its SHA-256 is "), e.getMessage());
    }

    /** A card from before digests, over a truncated file: the error names what went wrong, never "null". */
    @Test
    void loadErrorsNeverEndInNull(@TempDir Path dir) throws Exception {
        ModelRegistry registry = TestModels.registry(dir);
        ModelVersion v1 = registry.require(TestModels.COND);
        Path card = v1.dir().resolve(ModelVersion.CARD);
        Files.writeString(card, Files.readString(card).replaceAll(",\\s*\"paramsSha256\"\\s*:\\s*\"[0-9a-f]+\"", ""));
        ModelVersion legacy = registry.require(TestModels.COND);
        assertEquals(null, legacy.card().paramsSha256(), "a card without a digest");
        corrupt(legacy);
        IOException e = assertThrows(IOException.class, () -> LoadedModel.load(legacy));
        assertFalse(e.getMessage().endsWith("null"), e.getMessage());
        assertTrue(e.getMessage().matches("cannot load tiny-cond v1 from .*: \\S.*"), e.getMessage());
    }

    /** A published version with NaNs in one parameter. */
    private record Poisoned(ModelVersion version, String parameter, long size) {
    }

    /** Publishes tiny-cond v2 with {@code count} NaNs at the start of its largest parameter. */
    private static Poisoned publishWithNaNs(ModelRegistry registry, int count) throws Exception {
        Path params = Files.createTempFile("nan", ".params");
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = TestModels.tinyUNet(10).create(m);
            var largest = block.getParameters().stream()
                    .max(java.util.Comparator.comparingLong(p -> p.getValue().getArray().size())).orElseThrow();
            NDArray array = largest.getValue().getArray();
            float[] values = array.toFloatArray();
            java.util.Arrays.fill(values, 0, count, Float.NaN);
            array.set(values);
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(params))) {
                block.saveParameters(out);
            }
            ModelCard c = registry.require(TestModels.COND).card();
            ModelVersion v = registry.publish(new ModelCard(c.name(), 0, c.role(), c.network(), c.schedule(),
                    c.diffusionSteps(), c.numClasses(), c.dataset(), null, 0, java.util.Map.of(), c.classifier(),
                    "test", ModelRegistry.now(), "NaN weights"), java.util.Map.of(ModelVersion.PARAMS, params), true);
            return new Poisoned(v, largest.getKey(), values.length);
        } finally {
            Files.deleteIfExists(params);
        }
    }
}
