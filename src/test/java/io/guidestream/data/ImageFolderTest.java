package io.guidestream.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.guidestream.ShapesFolder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image folder's classes, size and channels come from its files; what does not fit is refused, naming the file. */
class ImageFolderTest {
    @TempDir
    Path dir;

    @Test
    void classesAreTheSortedSubfoldersAndTheShapeComesFromTheImages() throws IOException {
        ShapesFolder.write(dir, 3, 4, 32, 1);
        LabelledImages data = ImageFolder.load(dir);
        assertEquals(List.of("class-0", "class-1", "class-2"), ImageFolder.classes(dir));
        assertEquals(12, data.size());
        assertEquals(3, data.numClasses());
        assertEquals(3, data.channels());
        assertEquals(32, data.rows());
        assertEquals(0, data.label(0));
        assertEquals(2, data.label(11));
        // The background pixel (30, 30, 40) of image 0, channel by channel: planar C×H×W.
        int plane = 32 * 32;
        assertEquals(30, data.pixels()[0] & 0xff);
        assertEquals(30, data.pixels()[plane] & 0xff);
        assertEquals(40, data.pixels()[2 * plane] & 0xff);
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(new ai.djl.ndarray.types.Shape(2, 3, 32, 32), data.images(m, new int[] {0, 5}).getShape());
        }
    }

    @Test
    void aGreyFolderHasOneChannel() throws IOException {
        for (int c = 0; c < 2; c++) {
            Path classDir = Files.createDirectories(dir.resolve("c" + c));
            BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
            img.getRaster().setSample(1, 2, 0, 200);
            ImageIO.write(img, "png", classDir.resolve("a.png").toFile());
        }
        LabelledImages data = ImageFolder.load(dir);
        assertEquals(1, data.channels());
        assertEquals(200, data.pixels()[2 * 8 + 1] & 0xff, "its own grey level, not gamma-corrected");
    }

    @Test
    void imagesOfAnotherSizeAreRefusedNamingTheFile() throws IOException {
        ShapesFolder.write(dir, 2, 2, 16, 1);
        ImageIO.write(new BufferedImage(20, 16, BufferedImage.TYPE_INT_RGB), "png",
                dir.resolve("class-1").resolve("odd.png").toFile());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFolder.load(dir));
        assertTrue(e.getMessage().contains("odd.png is 20×16; every image must be 16×16"), e.getMessage());
    }

    @Test
    void aFolderWithoutClassFoldersOrPngsIsRefused() throws IOException {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageFolder.load(dir)).getMessage()
                .contains("needs 1..127 class subfolders"));
        Files.createDirectories(dir.resolve("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageFolder.load(dir)).getMessage()
                .contains("holds no PNG files"));
    }
}
