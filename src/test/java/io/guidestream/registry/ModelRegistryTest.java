package io.guidestream.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
    @Test
    void publishingAssignsVersionsAndMovesTheDefault(@TempDir Path dir) throws Exception {
        ModelRegistry r = TestModels.registry(dir);
        assertEquals(List.of(1), r.index().models().get(TestModels.COND).versions());
        ModelVersion v2 = TestModels.publish(r, TestModels.COND, ModelRole.EPSILON, TestModels.tinyUNet(10), 10,
                TestModels.CLASSIFIER, 9);
        assertEquals(2, v2.version());
        assertEquals(2, r.require(TestModels.COND).version());
        assertEquals(2, r.require(TestModels.COND).card().version(), "the card records its version");
        r.setDefault(TestModels.COND, 1);
        assertEquals(1, r.require(TestModels.COND).version());
        assertTrue(Files.isRegularFile(dir.resolve("tiny-cond/2/model.params")));
        assertEquals(4, r.list().size(), "the four tiny models");
    }

    @Test
    void aCorruptIndexIsRebuiltFromTheFolders(@TempDir Path dir) throws Exception {
        ModelRegistry r = TestModels.registry(dir);
        Files.writeString(dir.resolve(ModelRegistry.INDEX), "{ this is not json");
        ModelRegistry reopened = new ModelRegistry(dir);
        assertEquals(4, reopened.list().size());
        assertEquals(1, reopened.require(TestModels.CLASSIFIER).version());
    }

    @Test
    void halfWrittenVersionsAndStagingLeftoversAreIgnored(@TempDir Path dir) throws Exception {
        ModelRegistry r = TestModels.registry(dir);
        Files.createDirectories(dir.resolve("tiny-cond/7"));
        Files.writeString(dir.resolve("tiny-cond/7/model.json"), "{}"); // no params: not a version
        Files.createDirectories(dir.resolve(".staging/tiny-cond-123"));
        assertEquals(List.of(1), r.index().models().get(TestModels.COND).versions());
        assertEquals(2, TestModels.publish(r, TestModels.COND, ModelRole.EPSILON, TestModels.tinyUNet(10), 10, null,
                1).version());
    }

    @Test
    void unknownModelsAreNamedWithTheKnownOnes(@TempDir Path dir) throws Exception {
        ModelRegistry r = TestModels.registry(dir);
        UnknownModelException e = assertThrows(UnknownModelException.class, () -> r.require("nope"));
        assertTrue(e.getMessage().contains("unknown model 'nope'") && e.getMessage().contains("tiny-cond"));
    }
}
