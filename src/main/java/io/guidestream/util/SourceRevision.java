package io.guidestream.util;

import java.nio.file.Files;
import java.nio.file.Path;

/** The git revision of the working tree, read from .git without running git (unknown outside a checkout). */
public final class SourceRevision {
    private SourceRevision() {
    }

    public static String get() {
        try {
            Path head = Path.of(".git/HEAD");
            String ref = Files.readString(head).trim();
            if (!ref.startsWith("ref: ")) return ref;
            Path refFile = Path.of(".git").resolve(ref.substring(5));
            return Files.exists(refFile) ? Files.readString(refFile).trim() : "uncommitted";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
