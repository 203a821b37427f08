package io.guidestream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.guidestream.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every override of the configuration ({@link ConfigLoader#ENV}, {@link ConfigLoader#FLAGS}) is documented with the
 * key it sets: README.md for people running the jar, k8s/README.md's table for the Deployments.
 */
class ConfigDocsTest {
    @Test
    void everyEnvironmentVariableAndFlagIsDocumentedWithItsKey() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String k8s = Files.readString(Path.of("k8s/README.md"));
        List<String> missing = new ArrayList<>();
        ConfigLoader.ENV.forEach((var, key) -> {
            if (!readme.contains("`" + var + "`")) missing.add("README.md: " + var);
            boolean inTable = k8s.lines().anyMatch(l -> l.startsWith("|") && l.contains("`" + var + "`")
                    && l.contains("`" + key + "`"));
            if (!inTable) missing.add("k8s/README.md: " + var + " → " + key);
        });
        ConfigLoader.FLAGS.forEach((flag, key) -> {
            if (!readme.contains("`" + flag + " DIR` (`" + key + "`)")) missing.add("README.md: " + flag + " → " + key);
        });
        assertEquals(List.of(), missing);
    }
}
