package io.guidestream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.config.AppConfig;
import io.guidestream.config.DeviceChoice;
import io.guidestream.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operations settings: {@code sampler.device}, {@code limits.maxJobsPerClient}, {@code ops}, forwarded headers. */
class OpsConfigTest {
    @Test
    void defaults() throws Exception {
        AppConfig c = AppConfig.load(null, Map.of());
        assertEquals(DeviceChoice.AUTO, c.sampler().device());
        assertEquals(0, c.sampler().laneItems());
        assertEquals(16, c.limits().maxJobsPerClient());
        assertEquals(9090, c.ops().port());
        assertFalse(c.http().trustForwardedHeaders());
    }

    @Test
    void fileAndEnvironmentOverride(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("c.json"), "{\"sampler\":{\"device\":\"gpu\",\"laneItems\":8},"
                + "\"limits\":{\"maxJobsPerClient\":3},\"ops\":{\"port\":9191},\"http\":{\"trustForwardedHeaders\":true}}");
        AppConfig c = AppConfig.load(file, Map.of());
        assertEquals(DeviceChoice.GPU, c.sampler().device());
        assertEquals(8, c.sampler().laneItems());
        assertEquals(3, c.limits().maxJobsPerClient());
        assertEquals(9191, c.ops().port());
        assertTrue(c.http().trustForwardedHeaders());
        AppConfig env = AppConfig.load(file, Map.of("GUIDESTREAM_SAMPLER_DEVICE", "CPU", "GUIDESTREAM_OPS_PORT", "9292"));
        assertEquals(DeviceChoice.CPU, env.sampler().device());
        assertEquals(9292, env.ops().port());
    }

    @Test
    void theConfigRoundTripsThroughJson(@TempDir Path dir) throws Exception {
        AppConfig c = AppConfig.defaults();
        String json = Json.write(c);
        assertTrue(json.contains("\"device\" : \"auto\""), json);
        AppConfig back = AppConfig.load(Files.writeString(dir.resolve("c.json"), json), Map.of());
        assertEquals(c, back);
    }

    @Test
    void badValuesAreRejectedByName(@TempDir Path dir) throws Exception {
        assertRejected(dir, "{\"sampler\":{\"device\":\"tpu\"}}", "sampler.device must be auto, cpu or gpu");
        assertRejected(dir, "{\"sampler\":{\"laneItems\":-1}}", "sampler.laneItems must be 0..4096, got -1");
        assertRejected(dir, "{\"limits\":{\"maxJobsPerClient\":0}}", "limits.maxJobsPerClient must be >= 1");
        assertRejected(dir, "{\"ops\":{\"port\":70000}}", "ops.port must be 0..65535");
        assertRejected(dir, "{\"ops\":{\"path\":\"/m\"}}", "ops.path");
    }

    private static void assertRejected(Path dir, String json, String message) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), json);
        Exception e = assertThrows(IllegalArgumentException.class, () -> AppConfig.load(file, Map.of()));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
