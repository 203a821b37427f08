package io.guidestream.data;

import io.guidestream.config.DataConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST (Xiao et al. 2017): 28×28 grey images of 10 clothing classes, 60k train and 10k test, read from the
 * IDX files that Debian's {@code dataset-fashion-mnist} package installs.
 */
public final class FashionMnist {
    public static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
        "Shirt", "Sneaker", "Bag", "Ankle boot"};

    public enum Split {
        TRAIN("train"), TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }
    }

    private FashionMnist() {
    }

    /**
     * Loads a split from {@code dir}, accepting {@code .gz} or uncompressed files.
     *
     * @throws UncheckedIOException naming the Debian package when the files are missing
     */
    public static LabelledImages load(Path dir, Split split) {
        Path images = find(dir, split.prefix + "-images-idx3-ubyte");
        Path labels = find(dir, split.prefix + "-labels-idx1-ubyte");
        try {
            IdxReader.Images img = IdxReader.readImages(images);
            byte[] lab = IdxReader.readLabels(labels);
            if (lab.length != img.count()) {
                throw new IOException(images + " has " + img.count() + " images but " + labels + " has " + lab.length
                        + " labels");
            }
            return new LabelledImages(img.rows(), img.cols(), img.pixels(), lab, 10);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Fashion-MNIST from " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path find(Path dir, String base) {
        for (Path p : new Path[] {dir.resolve(base + ".gz"), dir.resolve(base)}) {
            if (Files.isRegularFile(p)) return p;
        }
        throw new UncheckedIOException(new IOException("Fashion-MNIST file " + base + "(.gz) not found in " + dir
                + ". Install it with 'sudo apt-get install dataset-fashion-mnist' (puts the files in "
                + DataConfig.DEFAULT_DIR + ") or point data.dir (GUIDESTREAM_DATA, --data) at a folder holding the four IDX files."));
    }
}
