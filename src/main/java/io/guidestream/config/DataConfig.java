package io.guidestream.config;

import java.nio.file.Path;

/**
 * {@code data}: the Fashion-MNIST IDX files, which the trainer trains on and the evaluator measures against (its test
 * set). It replaces {@code trainer.dataDir}, which the evaluator used to read from the trainer's part.
 *
 * @param dir folder of the four IDX files ({@code GUIDESTREAM_DATA}, or {@code --data} on the command line)
 */
public record DataConfig(String dir) {
    /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
    public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";

    public DataConfig {
        if (dir == null || dir.isBlank()) throw new IllegalArgumentException("data.dir must be a folder");
    }

    public static DataConfig defaults() {
        return new DataConfig(DEFAULT_DIR);
    }

    public Path path() {
        return Path.of(dir);
    }
}
