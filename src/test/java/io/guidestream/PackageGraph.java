package io.guidestream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The project's packages and what each refers to, from the compiled classes under {@code target/classes}
 * ({@link ClassReferences}). Package names are relative to {@code io.guidestream} ({@code sampling.guidance}).
 *
 * @param project  per package, the other project packages its classes refer to
 * @param external per package and class file, the classes outside the project it refers to (internal names)
 */
record PackageGraph(Map<String, Set<String>> project, Map<String, Map<String, Set<String>>> external) {
    static final Path CLASSES = Path.of("target/classes");
    private static final String ROOT = "io/guidestream/";

    static PackageGraph read() throws IOException {
        Path root = CLASSES.resolve(ROOT);
        if (!Files.isDirectory(root)) throw new IllegalStateException(root + " is missing: compile first");
        Map<String, Set<String>> project = new TreeMap<>();
        Map<String, Map<String, Set<String>>> external = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String pkg = packageOf(CLASSES.relativize(f).toString().replace('\\', '/'));
                Set<String> deps = project.computeIfAbsent(pkg, k -> new TreeSet<>());
                Set<String> outside = new TreeSet<>();
                for (String ref : ClassReferences.of(f)) {
                    if (ref.startsWith(ROOT)) {
                        String other = packageOf(ref);
                        if (!other.equals(pkg)) deps.add(other);
                    } else if (!ref.startsWith("java/")) {
                        outside.add(ref);
                    }
                }
                external.computeIfAbsent(pkg, k -> new TreeMap<>()).put(root.relativize(f).toString(), outside);
            }
        }
        return new PackageGraph(project, external);
    }

    /** {@code io/guidestream/sampling/guidance/Guidance[.class]} → {@code sampling.guidance}. */
    private static String packageOf(String internalName) {
        String rest = internalName.substring(ROOT.length());
        int slash = rest.lastIndexOf('/');
        return slash < 0 ? "" : rest.substring(0, slash).replace('/', '.');
    }

    /** Every class file of {@code pkg} that refers to a class whose internal name starts with {@code prefix}. */
    List<String> referencing(String pkg, String prefix) {
        List<String> out = new ArrayList<>();
        external.getOrDefault(pkg, Map.of()).forEach((file, refs) -> refs.stream().filter(r -> r.startsWith(prefix))
                .forEach(r -> out.add(file + " → " + r)));
        return out;
    }

    /**
     * The package cycles: each strongly connected component of more than one package (Tarjan), as a sorted list.
     */
    List<Set<String>> cycles() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> out = new ArrayList<>();
        for (String p : project.keySet()) if (!index.containsKey(p)) connect(p, index, low, stack, out);
        return out;
    }

    private void connect(String p, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
            List<Set<String>> out) {
        index.put(p, index.size());
        low.put(p, index.get(p));
        stack.push(p);
        for (String q : project.getOrDefault(p, Set.of())) {
            if (!index.containsKey(q)) {
                connect(q, index, low, stack, out);
                low.put(p, Math.min(low.get(p), low.get(q)));
            } else if (stack.contains(q)) {
                low.put(p, Math.min(low.get(p), index.get(q)));
            }
        }
        if (low.get(p).equals(index.get(p))) {
            Set<String> component = new TreeSet<>();
            String q;
            do {
                q = stack.pop();
                component.add(q);
            } while (!q.equals(p));
            if (component.size() > 1) out.add(component);
        }
    }
}
