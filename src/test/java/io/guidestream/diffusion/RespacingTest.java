package io.guidestream.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RespacingTest {
    @Test
    void ddim25TakesEveryFortiethStep() {
        int[] kept = Respacing.spaceTimesteps(1000, "ddim25");
        assertArrayEquals(IntStream.range(0, 25).map(i -> 40 * i).toArray(), kept);
    }

    @Test
    void plainCountIncludesBothEnds() {
        int[] kept = Respacing.spaceTimesteps(1000, "250");
        assertEquals(250, kept.length);
        assertEquals(0, kept[0]);
        assertEquals(999, kept[249]);
    }

    /**
     * respace.py rounds with Python's round(), which sends halves to the even neighbour: 25 of 1000 steps are
     * j·999/24, and j = 4 and 20 land on 166.5 and 832.5 (Java's Math.round gave 167 and 833, so DDPM 25 sampled
     * two other timesteps than guided-diffusion; the TorchScript parity test found it).
     */
    @Test
    void halvesRoundToEvenAsInPython() {
        int[] kept = Respacing.spaceTimesteps(1000, "25");
        assertEquals(166, kept[4]);
        assertEquals(500, kept[12]);
        assertEquals(832, kept[20]);
    }

    @Test
    void sectionsAreSpacedIndependently() {
        // guided-diffusion's docstring example: space_timesteps(300, [10, 15, 20]).
        int[] kept = Respacing.spaceTimesteps(300, "10,15,20");
        assertEquals(45, kept.length);
        assertEquals(0, kept[0]);
        assertEquals(99, kept[9]);
        assertEquals(100, kept[10]);
        assertEquals(199, kept[24]);
        assertEquals(299, kept[44]);
    }

    @Test
    void impossibleSpecsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Respacing.spaceTimesteps(1000, "ddim3000"));
        assertThrows(IllegalArgumentException.class, () -> Respacing.spaceTimesteps(10, "20"));
    }

    @Test
    void respacingWithAllStepsReproducesTheOriginalBetas() {
        NoiseSchedule base = NoiseSchedule.of(BetaSchedule.COSINE, 1000);
        RespacedSchedule r = Respacing.respace(base, IntStream.range(0, 1000).toArray());
        for (int i = 0; i < 1000; i++) assertEquals(base.beta(i), r.schedule().beta(i), 1e-12);
    }

    @Test
    void respacedAlphaBarEqualsTheOriginalAtRetainedIndices() {
        NoiseSchedule base = NoiseSchedule.of(BetaSchedule.LINEAR, 1000);
        int[] kept = Respacing.spaceTimesteps(1000, "ddim50");
        RespacedSchedule r = Respacing.respace(base, kept);
        assertEquals(50, r.steps());
        for (int k = 0; k < kept.length; k++) {
            assertEquals(base.alphaBar(kept[k]), r.schedule().alphaBar(k), 1e-12);
            assertEquals(kept[k], r.modelTimestep(k));
        }
    }

    @Test
    void ddimSpacingUsesAStrideAndAvoidsTheLastIndexLikeAdm() {
        assertArrayEquals(IntStream.range(0, 50).map(i -> 20 * i).toArray(), Respacing.strided(1000, 50));
        int[] seven = Respacing.strided(1000, 7);
        assertEquals(7, seven.length);
        assertEquals(143 * 6, seven[6], "stride 143 is the smallest giving exactly 7 steps");
        assertArrayEquals(Respacing.evenly(1000, 999), Respacing.strided(1000, 999), "no stride gives 999 steps");
        assertEquals(1000, Respacing.strided(1000, 1000).length);
    }

    @Test
    void everyStepCountFrom1To1000HasAStridedSpacing() {
        for (int steps = 1; steps <= 1000; steps++) {
            int[] kept = Respacing.strided(1000, steps);
            assertEquals(steps, kept.length, "steps " + steps);
            for (int k = 1; k < kept.length; k++) assertTrue(kept[k] > kept[k - 1], "increasing at " + steps);
        }
        assertArrayEquals(Respacing.evenly(1000, 1), Respacing.strided(1000, 1), "one step starts from noise");
        assertTrue(Respacing.strided(1000, 1)[0] > 900, "a single step must start at high noise");
    }
}
