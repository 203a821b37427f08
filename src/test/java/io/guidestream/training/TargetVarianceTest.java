package io.guidestream.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.data.FashionMnist;
import io.guidestream.data.FashionMnistTest;
import io.guidestream.diffusion.BetaSchedule;
import io.guidestream.diffusion.NoiseSchedule;
import org.junit.jupiter.api.Test;

class TargetVarianceTest {
    private static final TargetVariance TV = new TargetVariance(
            FashionMnist.load(FashionMnistTest.SLICE, FashionMnist.Split.TRAIN),
            NoiseSchedule.of(BetaSchedule.COSINE, 1000));

    @Test
    void atHighSnrOnlyTheTrueSourceExplainsXtSoTargetsDoNotVary() {
        TargetVariance.Row row = TV.measure(50, 8, new int[] {64}, 4, 1);
        assertEquals(0, row.dsm(), 1e-9);
        assertEquals(0, row.stf()[0], 1e-9);
    }

    @Test
    void atLowSnrStfTargetsVaryLessThanDsmTargetsAndLessWithMoreReferences() {
        TargetVariance.Row row = TV.measure(900, 16, new int[] {32, 256}, 8, 1);
        assertTrue(row.dsm() > 1e-3, "DSM targets vary when x_t is ambiguous: " + row.dsm());
        assertTrue(row.stf()[0] < row.dsm(), "STF lowers the variance: " + row.stf()[0] + " vs " + row.dsm());
        assertTrue(row.stf()[1] < row.stf()[0], "more references, less variance: " + java.util.Arrays.toString(
                row.stf()));
    }
}
