package io.guidestream.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict reading of one JSON object: typed getters with ranges and defaults, each error naming the full field path,
 * and {@link #rejectUnknown()} so that a misspelt key is an error rather than a silent default.
 */
final class Fields {
    /** A registry name, as the registry itself accepts it: it is also a folder name, so nothing else may pass. */
    static final Pattern REGISTRY_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private final JsonNode node;
    private final String path;
    private final Set<String> read = new HashSet<>();

    Fields(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new BadRequestException((path.isEmpty() ? "the message" : path) + " must be a JSON object");
        }
        this.node = node;
        this.path = path;
    }

    String name(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        read.add(key);
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    JsonNode raw(String key) {
        read.add(key);
        return node.get(key);
    }

    String string(String key, String fallback, int maxLength) {
        if (!has(key)) {
            if (fallback == null) throw new BadRequestException(name(key) + " is required");
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isTextual()) throw new BadRequestException(name(key) + " must be a string, got " + kind(v));
        String s = v.textValue();
        if (s.length() > maxLength) {
            throw new BadRequestException(name(key) + " must be at most " + maxLength + " characters, got "
                    + s.length());
        }
        return s;
    }

    /** A registry name ({@link #REGISTRY_NAME}); {@code fallback} null means required. */
    String registryName(String key, String fallback) {
        return checkRegistryName(string(key, fallback, 64), name(key));
    }

    /** An optional registry name: null when absent. */
    String optionalRegistryName(String key) {
        return has(key) ? registryName(key, null) : null;
    }

    /** Checks {@code value} (of the field or path parameter {@code field}) against {@link #REGISTRY_NAME}. */
    static String checkRegistryName(String value, String field) {
        if (!REGISTRY_NAME.matcher(value).matches()) {
            throw new BadRequestException(field + " must be a registry name (lowercase letters, digits and '-', 1..64,"
                    + " not starting with '-'), got '" + value + "'");
        }
        return value;
    }

    long integer(String key, long fallback, long min, long max) {
        if (!has(key)) return fallback;
        return integerValue(node.get(key), name(key), min, max);
    }

    static long integerValue(JsonNode v, String name, long min, long max) {
        if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
            throw new BadRequestException(name + " must be an integer " + min + ".." + max + ", got " + kind(v));
        }
        if (!v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw new BadRequestException(name + " must be " + min + ".." + max + ", got " + v.asText());
        }
        return v.asLong();
    }

    double number(String key, double fallback, double min, double max) {
        if (!has(key)) return fallback;
        JsonNode v = node.get(key);
        if (!v.isNumber()) throw new BadRequestException(name(key) + " must be a number " + min + ".." + max
                + ", got " + kind(v));
        double d = v.asDouble();
        if (!Double.isFinite(d) || d < min || d > max) {
            throw new BadRequestException(name(key) + " must be " + min + ".." + max + ", got " + v.asText());
        }
        return d;
    }

    boolean bool(String key, boolean fallback) {
        if (!has(key)) return fallback;
        JsonNode v = node.get(key);
        if (!v.isBoolean()) throw new BadRequestException(name(key) + " must be true or false, got " + kind(v));
        return v.booleanValue();
    }

    Fields object(String key) {
        if (!has(key)) return new Fields(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), name(key));
        return new Fields(node.get(key), name(key));
    }

    void rejectUnknown() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!read.contains(n)) throw new BadRequestException("unknown field " + name(n));
        }
    }

    static String kind(JsonNode v) {
        if (v.isTextual()) return "a string";
        if (v.isBoolean()) return "a boolean";
        if (v.isArray()) return "an array";
        if (v.isObject()) return "an object";
        if (v.isNull()) return "null";
        return v.asText();
    }
}
