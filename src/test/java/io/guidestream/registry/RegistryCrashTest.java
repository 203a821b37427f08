package io.guidestream.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Killing a JVM in the middle of publishing leaves the registry loadable and every listed version whole. */
class RegistryCrashTest {
    @Test
    void killingAPublisherNeverLeavesAHalfVersion(@TempDir Path dir) throws Exception {
        Path models = dir.resolve("models");
        Path params = dir.resolve("big.params");
        byte[] content = new byte[8 << 20];
        new Random(1).nextBytes(content);
        Files.write(params, content);
        Random rng = new Random(2);
        int before = 0;
        for (int round = 0; round < 3; round++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), PublishLoop.class.getName(), models.toString(),
                    params.toString()).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
            String line = out.readLine(); // wait for one complete publish, then kill at a random moment
            assertEquals("published", line, "the child must publish before it is killed");
            Thread.sleep(rng.nextInt(150));
            p.destroyForcibly().waitFor();
            ModelRegistry registry = new ModelRegistry(models);
            List<Integer> versions = registry.index().models().get("crashy").versions();
            assertTrue(versions.size() > before, "round " + round + " published at least one more version");
            for (int v : versions) {
                ModelVersion mv = registry.find("crashy", v).orElseThrow();
                assertArrayEquals(content, Files.readAllBytes(mv.params()), "version " + v + " is whole");
                assertEquals(v, mv.card().version());
            }
            // A kill between the version's rename and the index update leaves the previous default in place.
            int def = registry.require("crashy").version();
            assertTrue(def >= versions.get(versions.size() - 1) - 1 && versions.contains(def), "default " + def);
            before = versions.size();
        }
    }
}
