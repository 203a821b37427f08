package io.guidestream.registry;

import java.io.IOException;
import java.nio.file.Path;

/** A published version: its card and its folder (holding {@code model.params} and {@code train-log.csv}). */
public record ModelVersion(ModelCard card, Path dir) {
    public static final String CARD = "model.json";
    public static final String PARAMS = "model.params";
    public static final String LOSS_LOG = "train-log.csv";

    public Path params() {
        return dir.resolve(PARAMS);
    }

    public String name() {
        return card.name();
    }

    public int version() {
        return card.version();
    }

    /**
     * Checks {@code model.params} against the SHA-256 its card recorded at publish; a card from before digests existed
     * has none, and its weights go unchecked here (loading still refuses non-finite values).
     *
     * @throws IOException when the file is not the one published
     */
    public void checkParams() throws IOException {
        String expected = card.paramsSha256();
        if (expected == null) return;
        String actual = Sha256.of(params());
        if (!actual.equalsIgnoreCase(expected)) {
            throw new IOException("model.params is damaged: its SHA-256 is " + actual + ", the card says " + expected);
        }
    }
}
