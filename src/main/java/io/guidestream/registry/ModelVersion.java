package io.guidestream.registry;

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
}
