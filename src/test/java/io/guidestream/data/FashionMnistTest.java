package io.guidestream.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class FashionMnistTest {
    public static final Path SLICE = Path.of("src/test/resources/fashion-mnist-slice");

    @Test
    void readsTheCommittedSlice() {
        LabelledImages data = FashionMnist.load(SLICE, FashionMnist.Split.TEST);
        assertEquals(512, data.size());
        assertEquals(28, data.rows());
        assertEquals(9, data.label(0), "the first test image is an ankle boot");
        assertEquals(2, data.label(1));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = data.images(m, new int[] {0, 1});
            assertEquals(-1f, x.min().getFloat(), 1e-6);
            assertEquals(1f, x.max().getFloat(), 1e-6);
            assertEquals(2 * 28 * 28, x.size());
        }
    }

    @Test
    void aMissingDataSetNamesTheDebianPackage(@TempDir Path empty) {
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> FashionMnist.load(empty, FashionMnist.Split.TRAIN));
        assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
    }
}
