package io.guidestream.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A labelled image set from a folder with one subfolder of PNGs per class (the classes in the order of their
 * folders' names, sorted), the layout of torchvision's {@code ImageFolder}. The size and channels come from the data:
 * every image must be square and of the same size; the set is grey (1 channel) when every image is, else RGB (3; grey
 * images are repeated over the three, palettes resolved, alpha dropped). Refusals name the file and what is wrong.
 */
public final class ImageFolder {
    /** Labels are stored in a byte per image. */
    public static final int MAX_CLASSES = 127;

    private ImageFolder() {
    }

    /** The class names of {@code dir}: its subfolders, sorted by name. */
    public static List<String> classes(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> names = entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
            if (names.size() < 1 || names.size() > MAX_CLASSES) {
                throw new IllegalArgumentException("an image folder needs 1.." + MAX_CLASSES + " class subfolders;"
                        + " " + dir + " has " + names.size());
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the image folder " + dir, e);
        }
    }

    /** Loads every PNG of {@code dir}'s class subfolders (sorted, so the order is the same on every machine). */
    public static LabelledImages load(Path dir) {
        List<String> classes = classes(dir);
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            for (Path png : pngs(dir.resolve(classes.get(c)))) {
                files.add(png);
                labels.add(c);
            }
        }
        if (files.isEmpty()) throw new IllegalArgumentException("the image folder " + dir + " holds no PNG files");
        List<BufferedImage> images = new ArrayList<>(files.size());
        for (Path f : files) images.add(read(f));
        int side = images.get(0).getWidth();
        boolean colour = false;
        for (int i = 0; i < images.size(); i++) {
            BufferedImage img = images.get(i);
            if (img.getWidth() != side || img.getHeight() != side) {
                throw new IllegalArgumentException(files.get(i) + " is " + img.getWidth() + "×" + img.getHeight()
                        + "; every image must be " + side + "×" + side + " (square, as " + files.get(0) + ")");
            }
            colour |= !grey(img);
        }
        int channels = colour ? 3 : 1;
        ByteArrayOutputStream pixels = new ByteArrayOutputStream(images.size() * channels * side * side);
        for (BufferedImage img : images) writePlanes(img, channels, pixels);
        byte[] y = new byte[labels.size()];
        for (int i = 0; i < y.length; i++) y[i] = labels.get(i).byteValue();
        return new LabelledImages(side, side, pixels.toByteArray(), y, classes.size(), channels);
    }

    private static List<Path> pngs(Path classDir) {
        try (Stream<Path> entries = Files.list(classDir)) {
            return entries.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + classDir, e);
        }
    }

    private static BufferedImage read(Path png) {
        try {
            BufferedImage img = ImageIO.read(png.toFile());
            if (img == null) throw new IllegalArgumentException(png + " is not a PNG image");
            return img;
        } catch (IOException e) {
            throw new IllegalArgumentException(png + " cannot be read as a PNG: " + e.getMessage(), e);
        }
    }

    /** Grey: a grey colour space, not a palette (whose samples are indices into colours). */
    private static boolean grey(BufferedImage img) {
        return !(img.getColorModel() instanceof IndexColorModel)
                && img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    /**
     * C planes of H×W bytes. A grey image's own levels (its samples: {@code getRGB} would gamma-correct them), repeated
     * over RGB in a colour set; a colour or palette image's sRGB values, alpha dropped.
     */
    private static void writePlanes(BufferedImage img, int channels, ByteArrayOutputStream out) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] plane = new int[w * h];
        if (grey(img)) {
            Raster raster = img.getRaster();
            raster.getSamples(0, 0, w, h, 0, plane);
            int shift = raster.getSampleModel().getSampleSize(0) - 8;
            for (int c = 0; c < channels; c++) for (int v : plane) out.write(shift > 0 ? v >> shift : v);
            return;
        }
        img.getRGB(0, 0, w, h, plane, 0, w);
        for (int c = 0; c < 3; c++) for (int argb : plane) out.write(argb >> (16 - 8 * c) & 0xff);
    }
}
