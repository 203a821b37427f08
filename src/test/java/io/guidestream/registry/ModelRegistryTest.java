package io.guidestream.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import io.guidestream.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
        Files.writeString(dir.resolve(".staging/tiny-cond-123/model.params"), "half a file");
        assertEquals(List.of(1), r.index().models().get(TestModels.COND).versions());
        assertEquals(2, TestModels.publish(r, TestModels.COND, ModelRole.EPSILON, TestModels.tinyUNet(10), 10, null,
                1).version());
        try (var staging = Files.list(dir.resolve(".staging"))) {
            assertEquals(List.of(), staging.toList(), "the next publish removes what a crashed one left");
        }
    }

    /** Samplers may read the shared volume as another user: a version folder is not private to its publisher. */
    @Test
    void versionFoldersAreReadableByEveryone(@TempDir Path dir) throws Exception {
        ModelVersion v = TestModels.registry(dir).require(TestModels.COND);
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(v.dir())));
    }

    @Test
    void unknownModelsAreNamedWithTheKnownOnes(@TempDir Path dir) throws Exception {
        ModelRegistry r = TestModels.registry(dir);
        UnknownModelException e = assertThrows(UnknownModelException.class, () -> r.require("nope"));
        assertTrue(e.getMessage().contains("unknown model 'nope'") && e.getMessage().contains("tiny-cond"));
    }

    @Test
    void concurrentPublishesFromManyInstancesGetDistinctVersionsAndKeepTheIndexWhole(@TempDir Path dir)
            throws Exception {
        ModelRegistry first = TestModels.registry(dir);
        ModelVersion base = first.require(TestModels.COND);
        Map<String, Path> files = Map.of(ModelVersion.PARAMS, base.dir().resolve(ModelVersion.PARAMS));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> versions = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                ModelRegistry own = new ModelRegistry(dir); // as the trainer, the registry verticle, a CLI publish
                int n = i;
                versions.add(pool.submit(() -> {
                    int v = own.publish(base.card(), files, n % 2 == 0).version();
                    own.setDefault(TestModels.COND, 1 + n % 3);
                    return v;
                }));
            }
            Set<Integer> got = new TreeSet<>();
            for (Future<Integer> f : versions) got.add(f.get(60, TimeUnit.SECONDS));
            assertEquals(IntStream.rangeClosed(2, 1 + threads).boxed().collect(Collectors.toSet()), got);
        } finally {
            pool.shutdownNow();
        }
        ModelRegistry reopened = new ModelRegistry(dir);
        RegistryIndex index = Json.read(dir.resolve(ModelRegistry.INDEX), RegistryIndex.class);
        assertEquals(IntStream.rangeClosed(1, 1 + threads).boxed().toList(),
                index.models().get(TestModels.COND).versions(), "the index lists every version");
        assertTrue(List.of(1, 2, 3).contains(reopened.require(TestModels.COND).version()));
        assertEquals(4, reopened.list().size());
        try (var staging = Files.list(dir.resolve(".staging"))) {
            assertEquals(0, staging.count(), "no staging leftovers");
        }
    }
}
