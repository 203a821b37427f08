package io.guidestream;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Writes an image folder (one subfolder of PNGs per class) of coloured shapes on a dark background: class c is a
 * square (c even) or a disc (c odd) in one of four colours, at a random place and size; the data of the
 * image-folder training tests, in the spirit of {@code src/test/torchscript}'s shapes32.
 */
public final class ShapesFolder {
    private static final Color[] COLOURS = {Color.RED, Color.GREEN, Color.BLUE, Color.YELLOW};

    private ShapesFolder() {
    }

    /** {@code perClass} RGB images of {@code size}×{@code size} for each of {@code classes} classes under {@code dir}. */
    public static Path write(Path dir, int classes, int perClass, int size, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < classes; c++) {
            Path classDir = Files.createDirectories(dir.resolve("class-" + c));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                g.setColor(new Color(30, 30, 40));
                g.fillRect(0, 0, size, size);
                g.setColor(COLOURS[c / 2 % COLOURS.length]);
                int r = size / 6 + rng.nextInt(size / 6);
                int x = r + rng.nextInt(size - 2 * r);
                int y = r + rng.nextInt(size - 2 * r);
                if (c % 2 == 0) g.fillRect(x - r, y - r, 2 * r, 2 * r);
                else g.fillOval(x - r, y - r, 2 * r, 2 * r);
                g.dispose();
                ImageIO.write(img, "png", classDir.resolve(String.format("%03d.png", i)).toFile());
            }
        }
        return dir;
    }
}
