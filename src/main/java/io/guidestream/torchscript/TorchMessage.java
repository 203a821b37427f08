package io.guidestream.torchscript;

import io.guidestream.util.FailureReason;

/**
 * The line of a PyTorch failure that says what went wrong. TorchScript errors carry the interpreter's traceback
 * ("The following operation failed in the TorchScript interpreter. Traceback of TorchScript, serialized code …") and
 * end with the Python-style error line ("RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x3072 and
 * 192x10)"), which is the one people need.
 */
final class TorchMessage {
    private static final int MAX = 400;

    private TorchMessage() {
    }

    static String of(Throwable t) {
        String full = FailureReason.of(t);
        String best = null;
        for (String line : full.split("\n")) {
            String s = line.strip();
            if (s.matches("^[A-Za-z]*(Error|Exception):.*")) best = s;
        }
        if (best == null) best = full.strip().split("\n", 2)[0];
        return best.length() <= MAX ? best : best.substring(0, MAX) + "…";
    }
}
