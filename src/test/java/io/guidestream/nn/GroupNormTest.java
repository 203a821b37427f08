package io.guidestream.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class GroupNormTest {
    @Test
    void normalisesEachGroupOfEachSampleToZeroMeanUnitVariance() {
        try (NDManager m = NDManager.newBaseManager()) {
            GroupNorm gn = new GroupNorm(2, 4);
            gn.initialize(m, DataType.FLOAT32, new Shape(1, 4, 3, 3));
            NDArray x = m.randomNormal(3f, 5f, new Shape(2, 4, 3, 3), DataType.FLOAT32);
            NDArray y = gn.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            float[] v = y.toFloatArray();
            for (int b = 0; b < 2; b++) {
                for (int g = 0; g < 2; g++) {
                    double sum = 0;
                    double sq = 0;
                    int n = 2 * 9;
                    int offset = b * 36 + g * 18;
                    for (int i = 0; i < n; i++) {
                        sum += v[offset + i];
                        sq += v[offset + i] * v[offset + i];
                    }
                    assertEquals(0, sum / n, 1e-5);
                    assertEquals(1, sq / n, 1e-3);
                }
            }
        }
    }

    @Test
    void appliesPerChannelScaleAndShift() {
        try (NDManager m = NDManager.newBaseManager()) {
            GroupNorm gn = new GroupNorm(1, 2);
            gn.initialize(m, DataType.FLOAT32, new Shape(1, 2, 1, 2));
            gn.getParameters().get("gamma").getArray().set(new float[] {2, 3});
            gn.getParameters().get("beta").getArray().set(new float[] {10, 20});
            NDArray x = m.create(new float[] {1, 3, 5, 7}, new Shape(1, 2, 1, 2));
            float[] y = gn.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow()
                    .toFloatArray();
            double sd = Math.sqrt(5 + 1e-5);
            assertEquals(10 + 2 * (1 - 4) / sd, y[0], 1e-4);
            assertEquals(20 + 3 * (7 - 4) / sd, y[3], 1e-4);
        }
    }

    @Test
    void rejectsChannelsNotDivisibleByGroups() {
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(3, 4));
    }
}
