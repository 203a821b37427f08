package io.guidestream.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * An in-memory labelled image set (unsigned bytes, each image's channels one after another: C×H×W) that hands out
 * batches scaled to [−1, 1] (x = u8 / 127.5 − 1, ALGORITHMS.md §0).
 *
 * @param channels 1 (grey) or 3 (RGB)
 */
public record LabelledImages(int rows, int cols, byte[] pixels, byte[] labels, int numClasses, int channels) {

    /** A grey set (Fashion-MNIST). */
    public LabelledImages(int rows, int cols, byte[] pixels, byte[] labels, int numClasses) {
        this(rows, cols, pixels, labels, numClasses, 1);
    }

    /**
     * Identifies these images and labels: SHA-1 of rows, cols, pixels and labels, 12 hex digits. A reference set's
     * statistics are cached under it, and a card records it for the images it names.
     */
    public String fingerprint() {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-1");
            sha.update(java.nio.ByteBuffer.allocate(8).putInt(rows).putInt(cols).array());
            sha.update(pixels);
            sha.update(labels);
            return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JRE", e);
        }
    }

    public int size() {
        return labels.length;
    }

    public int label(int index) {
        return labels[index];
    }

    /** Values per image: C·H·W. */
    public int pixelsPerImage() {
        return channels * rows * cols;
    }

    /** The images at {@code indices} as a B×C×H×W float32 array in [−1, 1]. */
    public NDArray images(NDManager manager, int[] indices) {
        int n = pixelsPerImage();
        float[] data = new float[indices.length * n];
        for (int b = 0; b < indices.length; b++) {
            int offset = indices[b] * n;
            for (int p = 0; p < n; p++) data[b * n + p] = (pixels[offset + p] & 0xff) / 127.5f - 1f;
        }
        return manager.create(data, new Shape(indices.length, channels, rows, cols));
    }

    public NDArray labels(NDManager manager, int[] indices) {
        int[] out = new int[indices.length];
        for (int b = 0; b < indices.length; b++) out[b] = labels[indices[b]];
        return manager.create(out).toType(DataType.INT32, false);
    }

    /** The first {@code count} images: a slice for tests and quick runs. */
    public LabelledImages head(int count) {
        int c = Math.min(count, size());
        byte[] px = java.util.Arrays.copyOf(pixels, c * pixelsPerImage());
        return new LabelledImages(rows, cols, px, java.util.Arrays.copyOf(labels, c), numClasses, channels);
    }
}
