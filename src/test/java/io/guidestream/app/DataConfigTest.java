package io.guidestream.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.config.AppConfig;
import io.guidestream.config.DataConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code data.dir}, shared by the trainer and the evaluator, and the one place where commands' flags and the
 * environment override the configuration ({@link Invocation}).
 */
class DataConfigTest {
    @Test
    void theDataFolderHasADefaultAnEnvironmentVariableAndAFileKey(@TempDir Path dir) throws Exception {
        assertEquals(DataConfig.DEFAULT_DIR, AppConfig.load(null, Map.of()).data().dir());
        assertEquals("/d", AppConfig.load(null, Map.of("GUIDESTREAM_DATA", "/d")).data().dir());
        Path file = Files.writeString(dir.resolve("c.json"), "{\"data\":{\"dir\":\"/from-file\"}}");
        assertEquals("/from-file", AppConfig.load(file, Map.of()).data().dir());
    }

    @Test
    void theOldTrainerKeyIsRefusedWithTheNewKeysName(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("c.json"), "{\"trainer\":{\"dataDir\":\"/x\"}}");
        Exception e = assertThrows(IllegalArgumentException.class, () -> AppConfig.load(file, Map.of()));
        assertTrue(e.getMessage().contains("'trainer.dataDir'") && e.getMessage().contains("'data.dir'"),
                e.getMessage());
    }

    @Test
    void commandFlagsOverrideTheEnvironmentAndAreTakenOutOfTheArguments(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("c.json"), "{\"trainer\":{\"queueSize\":7}}");
        Invocation inv = Invocation.parse(new String[] {"train", "fashion-cond", "--models", "/m", "12", "--runs",
                "/r", "--data", "/d", "--config", file.toString(), "--default"},
                Map.of("GUIDESTREAM_MODELS", "/env-models", "GUIDESTREAM_DATA", "/env-data"));
        assertArrayEquals(new String[] {"train", "fashion-cond", "12", "--default"}, inv.args());
        assertEquals("/m", inv.config().registry().dir());
        assertEquals("/r", inv.config().trainer().runsDir());
        assertEquals("/d", inv.config().data().dir());
        assertEquals(7, inv.config().trainer().queueSize(), "--config's file is read");
        Invocation env = Invocation.parse(new String[] {"eval", "m"}, Map.of("GUIDESTREAM_MODELS", "/env-models"));
        assertEquals("/env-models", env.config().registry().dir());
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> Invocation.parse(new String[] {"eval", "m", "--data"}, Map.of()));
        assertTrue(e.getMessage().contains("--data needs a value"), e.getMessage());
    }
}
