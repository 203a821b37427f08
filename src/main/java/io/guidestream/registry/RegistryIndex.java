package io.guidestream.registry;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code registry.json}: the names, their versions, and which version is the default. It is a cache of what the
 * folders hold (each {@code name/N/model.json}); if it is lost or corrupt the registry rebuilds it by scanning.
 */
public record RegistryIndex(int format, Map<String, Entry> models) {
    public static final int FORMAT = 1;

    public RegistryIndex {
        models = new TreeMap<>(models);
    }

    /** One model name: its published versions (ascending) and the default one. */
    public record Entry(int defaultVersion, List<Integer> versions) {
        public Entry {
            versions = List.copyOf(versions);
        }
    }
}
