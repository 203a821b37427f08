package io.guidestream.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** ED-DPM ECT, ALGORITHMS.md M2 (e) 4. */
class ObjectivesTest {
    @Test
    void entropyConstraintIsZeroAtUniformAndPositiveOtherwise() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray labels = m.create(new int[] {0, 1});
            NDArray uniform = m.zeros(new ai.djl.ndarray.types.Shape(2, 4));
            float[] ce = ClassifierObjective.perSampleLoss(uniform, labels, 0).toFloatArray();
            float[] ect = ClassifierObjective.perSampleLoss(uniform, labels, 0.1).toFloatArray();
            assertArrayEquals(ce, ect, 1e-6f);
            assertEquals(Math.log(4), ce[0], 1e-6);
            NDArray peaked = m.create(new float[] {3, 0, 0, 0, 0, 2, 0, 0}, new ai.djl.ndarray.types.Shape(2, 4));
            float[] ce2 = ClassifierObjective.perSampleLoss(peaked, labels, 0).toFloatArray();
            float[] ect2 = ClassifierObjective.perSampleLoss(peaked, labels, 0.1).toFloatArray();
            for (int i = 0; i < 2; i++) assertTrue(ect2[i] > ce2[i], "KL to uniform must be positive");
        }
    }

    @Test
    void gammaZeroIsPlainCrossEntropy() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {1, 2, 0.5f}, new ai.djl.ndarray.types.Shape(1, 3));
            float loss = ClassifierObjective.perSampleLoss(logits, m.create(new int[] {1}), 0).getFloat();
            double z = Math.exp(1) + Math.exp(2) + Math.exp(0.5);
            assertEquals(-Math.log(Math.exp(2) / z), loss, 1e-6);
        }
    }

    @Test
    void theCleanClassifierSeesEachImageAsItIsOrMirroredLeftRight() {
        try (NDManager m = NDManager.newBaseManager()) {
            int b = 64;
            float[] data = new float[b * 2 * 3];
            for (int i = 0; i < data.length; i++) data[i] = i;
            NDArray x = m.create(data, new ai.djl.ndarray.types.Shape(b, 1, 2, 3));
            TrainingBatch batch = new TrainingBatch(m, x, m.zeros(new ai.djl.ndarray.types.Shape(b)), new int[b],
                    new java.util.SplittableRandom(5));
            float[] out = ClassifierObjective.randomFlips(batch, x).toFloatArray();
            int flipped = 0;
            for (int i = 0; i < b; i++) {
                boolean same = true;
                boolean mirrored = true;
                for (int r = 0; r < 2; r++) {
                    for (int c = 0; c < 3; c++) {
                        float got = out[i * 6 + r * 3 + c];
                        same &= got == data[i * 6 + r * 3 + c];
                        mirrored &= got == data[i * 6 + r * 3 + (2 - c)];
                    }
                }
                assertTrue(same ^ mirrored, "item " + i + " is either itself or its mirror image");
                if (mirrored) flipped++;
            }
            assertTrue(flipped > 16 && flipped < 48, "about half are mirrored: " + flipped + " of " + b);
        }
    }
}
