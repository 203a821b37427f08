package io.guidestream.sampling;

import com.pngencoder.PngEncoder;
import io.guidestream.diffusion.ValueRange;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * 8-bit PNGs of images in a model's value range: u8 = clamp(round((x − low)·255/(high − low)), 0, 255), which for
 * [−1, 1] is ALGORITHMS.md §0's clamp(round((x + 1)·127.5), 0, 255). One channel gives a grey PNG, three an RGB one;
 * images with another number of channels show their first channel in grey.
 */
public final class PreviewEncoder {
    private PreviewEncoder() {
    }

    /** Encodes item {@code index} of a flat B×C×H×W float array. */
    public static byte[] png(float[] batch, int index, int channels, int height, int width, ValueRange range) {
        int plane = height * width;
        int offset = index * channels * plane;
        BufferedImage img;
        if (channels == 3) {
            img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) px[3 * p + 2 - c] = (byte) range.toByte(batch[offset + c * plane + p]);
            }
        } else {
            img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int p = 0; p < plane; p++) px[p] = (byte) range.toByte(batch[offset + p]);
        }
        return new PngEncoder().withBufferedImage(img).withCompressionLevel(1).toBytes();
    }
}
