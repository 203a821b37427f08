package io.guidestream.sampling;

import com.pngencoder.PngEncoder;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** Grey 8-bit PNGs from images in [−1, 1]: u8 = clamp(round((x + 1)·127.5), 0, 255) (ALGORITHMS.md §0). */
public final class PreviewEncoder {
    private PreviewEncoder() {
    }

    /** Encodes item {@code index} of a flat B×1×H×W float array. */
    public static byte[] png(float[] batch, int index, int height, int width) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int offset = index * height * width;
        for (int p = 0; p < px.length; p++) px[p] = (byte) toByte(batch[offset + p]);
        return new PngEncoder().withBufferedImage(img).withCompressionLevel(1).toBytes();
    }

    public static int toByte(float x) {
        return (int) Math.max(0, Math.min(255, Math.round((x + 1) * 127.5)));
    }
}
