package io.guidestream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guidestream.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the {@link AppConfig}: its defaults as a JSON tree, overlaid with a file, overlaid with environment
 * variables, then read strictly (unknown keys and invalid values are errors that name the key).
 */
final class ConfigLoader {
    private ConfigLoader() {
    }

    static AppConfig load(Path file, Map<String, String> env) throws IOException {
        ObjectNode tree = Json.MAPPER.valueToTree(AppConfig.defaults());
        if (file != null) merge(tree, Json.MAPPER.readTree(Files.readString(file)), "");
        applyEnv(tree, env);
        try {
            return Json.MAPPER.treeToValue(tree, AppConfig.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
        }
    }

    private static void merge(ObjectNode base, JsonNode overlay, String path) {
        if (!overlay.isObject()) throw new IllegalArgumentException("config " + path + " must be an object");
        overlay.fields().forEachRemaining(e -> {
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode current = base.get(e.getKey());
            if (current == null) throw new IllegalArgumentException("unknown config key '" + key + "'");
            if (current.isObject() && e.getValue().isObject()) merge((ObjectNode) current, e.getValue(), key);
            else base.set(e.getKey(), e.getValue());
        });
    }

    /** The environment variables of README.md and k8s/: each overrides one key. */
    private static void applyEnv(ObjectNode tree, Map<String, String> env) {
        String roles = env.get("GUIDESTREAM_ROLES");
        if (roles != null) {
            var arr = tree.putArray("roles");
            for (String r : roles.split(",")) arr.add(r.trim().toUpperCase(Locale.ROOT));
        }
        String clustered = env.get("GUIDESTREAM_CLUSTER");
        if (clustered != null) section(tree, "cluster").put("enabled", Boolean.parseBoolean(clustered.trim()));
        put(tree, env, "GUIDESTREAM_CLUSTER_HOST", "cluster", "host");
        put(tree, env, "GUIDESTREAM_CLUSTER_SERVICE", "cluster", "kubernetesService");
        putInt(tree, env, "GUIDESTREAM_PORT", "http", "port");
        put(tree, env, "GUIDESTREAM_DATA", "trainer", "dataDir");
        put(tree, env, "GUIDESTREAM_MODELS", "registry", "dir");
        put(tree, env, "GUIDESTREAM_SAMPLER_DEVICE", "sampler", "device");
        putInt(tree, env, "GUIDESTREAM_OPS_PORT", "ops", "port");
        put(tree, env, "GUIDESTREAM_TOKEN", "security", "token");
    }

    private static ObjectNode section(ObjectNode tree, String name) {
        return (ObjectNode) tree.get(name);
    }

    private static void put(ObjectNode tree, Map<String, String> env, String var, String section, String key) {
        String v = env.get(var);
        if (v != null) section(tree, section).put(key, v.trim());
    }

    private static void putInt(ObjectNode tree, Map<String, String> env, String var, String section, String key) {
        String v = env.get(var);
        if (v == null) return;
        try {
            section(tree, section).put(key, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(var + " must be an integer, got '" + v + "'");
        }
    }
}
