package io.guidestream.evaluator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Whole-file writes that readers never see half done: the bytes go to a temporary file in the same folder, which is
 * then renamed over the target (atomic on one file system). A crash leaves the old file or the new one, plus at worst
 * a stray {@code .tmp-*} file.
 */
final class AtomicFiles {
    private AtomicFiles() {
    }

    static Path write(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }
}
