package io.guidestream.config;

import java.nio.file.Path;

/** {@code registry}: @param dir the registry folder ({@code models/} by default) */
public record RegistryConfig(String dir) {
    public RegistryConfig {
        if (dir == null || dir.isBlank()) throw new IllegalArgumentException("registry.dir must be a folder");
    }

    public Path path() {
        return Path.of(dir);
    }
}
