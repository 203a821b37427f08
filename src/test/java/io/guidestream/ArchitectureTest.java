package io.guidestream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The layering rules of docs/ARCHITECTURE.md, checked on the sources' imports. */
class ArchitectureTest {
    private static final Path ROOT = Path.of("src/main/java/io/guidestream");

    private static List<String> violations(List<String> packages, String forbiddenPrefix) throws IOException {
        List<String> out = new ArrayList<>();
        for (String pkg : packages) {
            Path dir = ROOT.resolve(pkg);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(f)) {
                        if (line.startsWith("import " + forbiddenPrefix)
                                || line.startsWith("import static " + forbiddenPrefix)) {
                            out.add(ROOT.relativize(f) + ": " + line);
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void mathsNeverImportsVertx() throws IOException {
        assertTrue(Files.isDirectory(ROOT.resolve("sampling")), "run from the project root");
        List<String> v = violations(List.of("diffusion", "nn", "sampling", "training", "evaluation", "registry",
                "json", "util", "torchscript"), "io.vertx");
        assertEquals(List.of(), v);
    }

    /** Metrics are bound at the edge: the engine reports through plain listeners, the verticles own the meters. */
    @Test
    void mathsNeverImportsMicrometer() throws IOException {
        List<String> v = violations(List.of("diffusion", "nn", "sampling", "training", "evaluation", "registry",
                "json", "util", "torchscript"), "io.micrometer");
        assertEquals(List.of(), v);
    }

    /** The evaluator's work (run, features, reference, storage) also backs the CLI: only the verticle knows Vert.x. */
    @Test
    void onlyTheEvaluationVerticleImportsVertx() throws IOException {
        List<String> v = violations(List.of("evaluator"), "io.vertx").stream()
                .filter(line -> !line.startsWith("evaluator/EvaluationVerticle.java:")).toList();
        assertEquals(List.of(), v);
    }

    @Test
    void webAndBusNeverImportDjl() throws IOException {
        List<String> v = violations(List.of("http", "bus", "client"), "ai.djl");
        assertEquals(List.of(), v);
    }
}
