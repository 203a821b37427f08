package io.guidestream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.config.AppConfig;
import io.guidestream.config.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code evaluator} part of the configuration: a default, an override, and a validated range. */
class EvaluationConfigTest {
    @Test
    void theEvaluatorQueueHasADefaultAndCanBeConfigured(@TempDir Path dir) throws Exception {
        assertEquals(8, AppConfig.load(null, Map.of()).evaluator().queueSize());
        Path file = Files.writeString(dir.resolve("c.json"), "{\"evaluator\":{\"queueSize\":3}}");
        AppConfig c = AppConfig.load(file, Map.of());
        assertEquals(3, c.evaluator().queueSize());
        assertTrue(c.runs(Role.EVALUATOR), "the default config runs every role");
    }

    @Test
    void anOutOfRangeQueueIsRejectedByName(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("c.json"), "{\"evaluator\":{\"queueSize\":1000}}");
        Exception e = assertThrows(IllegalArgumentException.class, () -> AppConfig.load(file, Map.of()));
        assertTrue(e.getMessage().contains("evaluator.queueSize must be 0..100"), e.getMessage());
        Path typo = Files.writeString(dir.resolve("t.json"), "{\"evaluator\":{\"queue\":3}}");
        Exception unknown = assertThrows(IllegalArgumentException.class, () -> AppConfig.load(typo, Map.of()));
        assertTrue(unknown.getMessage().contains("evaluator.queue"), unknown.getMessage());
    }
}
