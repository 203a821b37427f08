package io.guidestream.torchscript;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a file's bytes tell before PyTorch reads them. A TorchScript archive ({@code torch.jit.save}) is a zip file:
 * it starts with a local file header and ends with the end-of-central-directory record, which lists what it holds. A
 * file that starts like a zip but has no such end was cut short (an interrupted upload or copy); one that is no zip at
 * all is not TorchScript (a pickle from {@code torch.save}, say).
 */
final class ArchiveCheck {
    private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};
    /** The end record is 22 bytes plus a comment of at most 65535. */
    private static final int MAX_TAIL = 22 + 65_535;

    private ArchiveCheck() {
    }

    /** @throws ImportRefusedException {@link ImportProblem#NOT_TORCHSCRIPT} or {@link ImportProblem#TRUNCATED} */
    static void check(Path file) throws IOException {
        long size = Files.size(file);
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
        }
        if (n < 4 || !java.util.Arrays.equals(head, LOCAL_HEADER)) {
            throw new ImportRefusedException(ImportProblem.NOT_TORCHSCRIPT, "the file (" + size + " bytes) is not a"
                    + " TorchScript archive: those are zip files, and it starts with " + describe(head, n)
                    + (n >= 1 && (head[0] & 0xff) == 0x80 ? " (a pickle: torch.save of a model or state dict? Export"
                            + " with torch.jit.trace or torch.jit.script and save that)" : ""));
        }
        if (!hasEndRecord(file, size)) {
            throw new ImportRefusedException(ImportProblem.TRUNCATED, "the file (" + size + " bytes) is a zip archive"
                    + " cut short: it has no end-of-central-directory record. Upload or copy it again");
        }
    }

    private static boolean hasEndRecord(Path file, long size) throws IOException {
        int tail = (int) Math.min(size, MAX_TAIL);
        byte[] bytes = new byte[tail];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(size - tail);
            raf.readFully(bytes);
        }
        for (int i = tail - 22; i >= 0; i--) {
            if (bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 5 && bytes[i + 3] == 6) return true;
        }
        return false;
    }

    private static String describe(byte[] head, int n) {
        if (n == 0) return "nothing (it is empty)";
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < n; i++) hex.append(String.format("%02x", head[i] & 0xff));
        return "bytes " + hex;
    }
}
