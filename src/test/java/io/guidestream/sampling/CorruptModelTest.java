package io.guidestream.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.TestModels;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
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
}
