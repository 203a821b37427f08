package io.guidestream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/ARCHITECTURE.md, checked on the compiled classes: what each class file refers to
 * ({@link ClassReferences}, read from its constant pool), so an inline fully qualified name counts like an import.
 * The docs' package table must list every package with exactly the project packages and the libraries it uses, and
 * the package graph must have no cycle.
 */
class ArchitectureTest {
    private static final Path DOCS = Path.of("docs/ARCHITECTURE.md");
    private static final Path README = Path.of("README.md");
    /** The libraries the package table names, by the prefix of their classes' internal names. */
    private static final Map<String, String> LIBRARIES = libraries();
    private static final List<String> MATHS = List.of("diffusion", "nn", "sampling", "sampling.guidance", "training",
            "data", "evaluation", "registry", "json", "util", "torchscript", "config");
    private static PackageGraph graph;

    @BeforeAll
    static void read() throws IOException {
        graph = PackageGraph.read();
    }

    private static Map<String, String> libraries() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("DJL", "ai/djl/");
        m.put("Vert.x", "io/vertx/");
        m.put("Micrometer", "io/micrometer/");
        m.put("Hazelcast", "com/hazelcast/");
        m.put("Jackson", "com/fasterxml/");
        return m;
    }

    /** Written with inline qualified names and no imports, as a class that dodged the old import-line check. */
    static final class InlineNames {
        final io.guidestream.config.DataConfig data = io.guidestream.config.DataConfig.defaults();
        final java.util.List<io.guidestream.config.Role> roles = java.util.List.of();
        final String text = "Lio/guidestream/nowhere/Literal;"; // the text of a string literal is no reference

        io.guidestream.util.FailureReason reason() {
            return null;
        }
    }

    @Test
    void theClassReaderSeesInlineQualifiedNamesButNotStrings() throws IOException {
        Set<String> refs = ClassReferences.of(
                Path.of("target/test-classes/io/guidestream/ArchitectureTest$InlineNames.class"));
        assertTrue(refs.containsAll(Set.of("io/guidestream/config/DataConfig", "io/guidestream/config/Role",
                "io/guidestream/util/FailureReason")), refs.toString());
        assertTrue(refs.stream().noneMatch(r -> r.contains("nowhere")), refs.toString());
    }

    @Test
    void thereIsNoPackageCycle() {
        assertEquals(List.of(), graph.cycles(), "packages that depend on each other");
    }

    /** The bottom floor: the configuration is read by everyone and reads nothing of ours. */
    @Test
    void theConfigurationImportsNothingOfTheProject() {
        assertEquals(Set.of(), graph.project().get("config"));
    }

    @Test
    void theDocsPackageTableMatchesTheCode() throws IOException {
        Map<String, Set<String>> documented = documentedImports();
        assertEquals(graph.project().keySet(), documented.keySet(),
                "docs/ARCHITECTURE.md's package table must list every package, and only those");
        Map<String, Set<String>> actual = new TreeMap<>();
        graph.project().forEach((pkg, deps) -> {
            Set<String> all = new TreeSet<>(deps);
            all.addAll(librariesUsedBy(pkg));
            actual.put(pkg, all);
        });
        List<String> wrong = new ArrayList<>();
        actual.forEach((pkg, uses) -> {
            Set<String> undocumented = new TreeSet<>(uses);
            undocumented.removeAll(documented.get(pkg));
            Set<String> unused = new TreeSet<>(documented.get(pkg));
            unused.removeAll(uses);
            if (!undocumented.isEmpty()) wrong.add(pkg + " uses " + undocumented + ", which the table omits");
            if (!unused.isEmpty()) wrong.add(pkg + " does not use " + unused + ", which the table lists");
        });
        assertEquals(List.of(), wrong, "docs/ARCHITECTURE.md's 'imports' column against the compiled classes");
    }

    @Test
    void theReadmeLayoutListsEveryPackage() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("## Layout");
        String layout = readme.substring(start, readme.indexOf("```", readme.indexOf("```", start) + 3));
        List<String> missing = new ArrayList<>();
        for (String pkg : graph.project().keySet()) {
            if (!layout.contains("  " + pkg.replace('.', '/') + "/")) missing.add(pkg);
        }
        assertEquals(List.of(), missing, "packages missing from README.md's Layout");
    }

    @Test
    void mathsNeverRefersToVertxOrMicrometer() {
        List<String> v = new ArrayList<>();
        for (String pkg : MATHS) {
            v.addAll(graph.referencing(pkg, "io/vertx/"));
            v.addAll(graph.referencing(pkg, "io/micrometer/"));
        }
        assertEquals(List.of(), v);
    }

    /** The evaluator's work (run, features, reference, storage) also backs the CLI: only the verticle knows Vert.x. */
    @Test
    void onlyTheEvaluationVerticleRefersToVertx() {
        List<String> v = graph.referencing("evaluator", "io/vertx/").stream()
                .filter(line -> !line.startsWith("evaluator/EvaluationVerticle")).toList();
        assertEquals(List.of(), v);
    }

    @Test
    void webAndBusNeverReferToDjl() {
        List<String> v = new ArrayList<>();
        for (String pkg : List.of("http", "bus", "bus.codec", "client", "config", "jobs")) {
            v.addAll(graph.referencing(pkg, "ai/djl/"));
        }
        assertEquals(List.of(), v);
    }

    private static Set<String> librariesUsedBy(String pkg) {
        Set<String> used = new TreeSet<>();
        LIBRARIES.forEach((name, prefix) -> {
            if (!graph.referencing(pkg, prefix).isEmpty()) used.add(name);
        });
        return used;
    }

    /**
     * The rows of the table under "## Packages": the package in backticks in the first cell; in the last, the
     * project packages it imports in backticks, then the libraries of {@link #LIBRARIES} by name ("—": none).
     */
    private static Map<String, Set<String>> documentedImports() throws IOException {
        String docs = Files.readString(DOCS);
        int start = docs.indexOf("## Packages");
        assertTrue(start >= 0, "docs/ARCHITECTURE.md has a Packages section");
        Map<String, Set<String>> out = new TreeMap<>();
        Pattern row = Pattern.compile("^\\| `([a-z.]+)` \\|.*\\| ([^|]*) \\|$", Pattern.MULTILINE);
        Matcher m = row.matcher(docs.substring(start, docs.indexOf("\n## ", start + 1)));
        while (m.find()) {
            Set<String> imports = new TreeSet<>();
            Matcher names = Pattern.compile("`([a-z.]+)`").matcher(m.group(2));
            while (names.find()) imports.add(names.group(1));
            for (String library : LIBRARIES.keySet()) {
                if (Pattern.compile("(^|[ ,(])" + Pattern.quote(library) + "($|[ ,)])").matcher(m.group(2)).find()) {
                    imports.add(library);
                }
            }
            out.put(m.group(1), imports);
        }
        return out;
    }
}
