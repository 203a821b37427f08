package io.guidestream.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the {@link AppConfig}: its defaults as a JSON tree, overlaid with a file, overlaid with environment
 * variables, overlaid with a command's flags, then read strictly (unknown keys and invalid values are errors that name
 * the key). Every override of the document is listed here: {@link #ENV} and {@link #FLAGS}.
 */
public final class ConfigLoader {
    /** Environment variables (README.md, k8s/README.md) → the key each overrides ({@code GUIDESTREAM_ROLES} aside). */
    public static final Map<String, String> ENV = ordered("GUIDESTREAM_CLUSTER", "cluster.enabled",
            "GUIDESTREAM_CLUSTER_HOST", "cluster.host", "GUIDESTREAM_CLUSTER_SERVICE", "cluster.kubernetesService",
            "GUIDESTREAM_PORT", "http.port", "GUIDESTREAM_DATA", "data.dir", "GUIDESTREAM_MODELS", "registry.dir",
            "GUIDESTREAM_SAMPLER_DEVICE", "sampler.device", "GUIDESTREAM_OPS_PORT", "ops.port",
            "GUIDESTREAM_TOKEN", "security.token");
    /** Command-line flags that every command accepts → the key each overrides (after the environment). */
    public static final Map<String, String> FLAGS = ordered("--models", "registry.dir", "--runs", "trainer.runsDir",
            "--data", "data.dir");
    /** Keys that moved: an old key is refused with an error that names its successor. */
    private static final Map<String, String> MOVED = Map.of("trainer.dataDir", "data.dir");
    /** The same strictness as the project's JSON records; this package has a mapper of its own (it imports nothing). */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    private ConfigLoader() {
    }

    /**
     * @param file  a JSON file overlaid on the defaults, or null
     * @param env   the environment ({@link #ENV}, {@code GUIDESTREAM_ROLES})
     * @param flags flag → value, each one of {@link #FLAGS}
     */
    public static AppConfig load(Path file, Map<String, String> env, Map<String, String> flags) throws IOException {
        ObjectNode tree = MAPPER.valueToTree(AppConfig.defaults());
        if (file != null) merge(tree, MAPPER.readTree(Files.readString(file)), "");
        applyEnv(tree, env);
        flags.forEach((flag, value) -> {
            String key = FLAGS.get(flag);
            if (key == null) throw new IllegalArgumentException("unknown option " + flag);
            set(tree, key, value, flag);
        });
        try {
            return MAPPER.treeToValue(tree, AppConfig.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
        }
    }

    /** The document as JSON (what a config file may hold). */
    public static String write(AppConfig config) throws IOException {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(config);
    }

    private static void merge(ObjectNode base, JsonNode overlay, String path) {
        if (!overlay.isObject()) throw new IllegalArgumentException("config " + path + " must be an object");
        overlay.fields().forEachRemaining(e -> {
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode current = base.get(e.getKey());
            if (MOVED.containsKey(key)) {
                throw new IllegalArgumentException("config key '" + key + "' is now '" + MOVED.get(key)
                        + "' (shared by the trainer and the evaluator); move the value there");
            }
            if (current == null) throw new IllegalArgumentException("unknown config key '" + key + "'");
            if (current.isObject() && e.getValue().isObject()) merge((ObjectNode) current, e.getValue(), key);
            else base.set(e.getKey(), e.getValue());
        });
    }

    private static void applyEnv(ObjectNode tree, Map<String, String> env) {
        String roles = env.get("GUIDESTREAM_ROLES");
        if (roles != null) {
            var arr = tree.putArray("roles");
            for (String r : roles.split(",")) arr.add(r.trim().toUpperCase(Locale.ROOT));
        }
        ENV.forEach((var, key) -> {
            String v = env.get(var);
            if (v != null) set(tree, key, v, var);
        });
    }

    /** Sets {@code section.key} from {@code source}, typed like the default there (a number, a boolean or text). */
    private static void set(ObjectNode tree, String key, String text, String source) {
        int dot = key.indexOf('.');
        ObjectNode section = (ObjectNode) tree.get(key.substring(0, dot));
        String name = key.substring(dot + 1);
        String v = text.trim();
        JsonNode current = section.get(name);
        if (current.isBoolean()) {
            section.put(name, Boolean.parseBoolean(v));
        } else if (current.isInt()) {
            try {
                section.put(name, Integer.parseInt(v));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + " (" + key + ") must be an integer, got '" + text + "'");
            }
        } else {
            section.put(name, v);
        }
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }
}
