package io.guidestream.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.diffusion.BetaSchedule;
import io.guidestream.diffusion.NoiseSchedule;
import io.guidestream.diffusion.RespacedSchedule;
import io.guidestream.diffusion.Respacing;
import io.guidestream.diffusion.ValueRange;
import io.guidestream.diffusion.VarianceKind;
import io.guidestream.sampling.guidance.GuidanceShift;
import org.junit.jupiter.api.Test;

/**
 * Reading an ε-network's output as its card declares: which channels are ε̂, guided-diffusion's learned-range
 * variance in ancestral steps (ALGORITHMS.md M1 (e) 4: v = −1 gives β̃, v = +1 gives β), and the value range that
 * x̂0 is clipped to and previews are drawn in.
 */
class EpsilonOutputTest {
    private static final RespacedSchedule CHAIN = Respacing.respace(NoiseSchedule.of(BetaSchedule.COSINE, 1000),
            Respacing.evenly(1000, 25));

    @Test
    void epsAndVarianceChannelsAreTakenWhereTheCardSays() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray out = m.arange(0f, 6f).reshape(1, 6, 1, 1);
            EpsilonOutput first = new EpsilonOutput(3, 0, true, ValueRange.SIGNED);
            assertArrayEquals(new float[] {0, 1, 2}, first.eps(out).toFloatArray());
            assertArrayEquals(new float[] {3, 4, 5}, first.variance(out).toFloatArray());
            EpsilonOutput last = new EpsilonOutput(3, 3, true, ValueRange.SIGNED);
            assertArrayEquals(new float[] {3, 4, 5}, last.eps(out).toFloatArray());
            assertArrayEquals(new float[] {0, 1, 2}, last.variance(out).toFloatArray());
            assertNull(EpsilonOutput.PLAIN.variance(out));
        }
    }

    @Test
    void aLearnedVarianceSpansThePosteriorVarianceToBeta() {
        int k = 12;
        NoiseSchedule s = CHAIN.schedule();
        DdpmSampler ddpm = new DdpmSampler(CHAIN, VarianceKind.FIXED_LARGE, new EpsilonOutput(1, 0, true,
                ValueRange.SIGNED));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(1, 1, 1, 2));
            // ε̂ = 0 and x_t = 0 make x̂0 and the mean 0, so the step is √Σ·z with z = 1: v = −1 → β̃, v = +1 → β.
            NDArray out = m.create(new float[] {0, 0, -1, 1}, new Shape(1, 2, 1, 2));
            float[] next = ddpm.step(x, ddpm.estimate(x, out, k), GuidanceShift.NONE, k,
                    () -> m.ones(new Shape(1, 1, 1, 2))).next().toFloatArray();
            assertEquals(Math.exp(0.5 * s.posteriorLogVarianceClipped(k)), next[0], 1e-6);
            assertEquals(Math.sqrt(s.beta(k)), next[1], 1e-6);
        }
    }

    @Test
    void theCleanEstimateIsClippedToTheModelsValueRange() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {-3, 0.5f, 3}, new Shape(1, 1, 1, 3));
            NDArray eps = m.zeros(new Shape(1, 1, 1, 3));
            DdimSampler signed = new DdimSampler(CHAIN, 0, EpsilonOutput.PLAIN);
            DdimSampler unit = new DdimSampler(CHAIN, 0, new EpsilonOutput(1, 0, false, ValueRange.UNIT));
            float[] a = signed.estimate(x, eps, 0).x0().toFloatArray();
            float[] b = unit.estimate(x, eps, 0).x0().toFloatArray();
            assertEquals(-1, a[0]);
            assertEquals(1, a[2]);
            assertEquals(0, b[0]);
            assertEquals(1, b[2]);
        }
    }

    @Test
    void previewsMapTheValueRangeOntoByteLevels() {
        assertEquals(0, ValueRange.SIGNED.toByte(-1));
        assertEquals(128, ValueRange.SIGNED.toByte(0));
        assertEquals(255, ValueRange.SIGNED.toByte(1));
        assertEquals(0, ValueRange.UNIT.toByte(0));
        assertEquals(128, ValueRange.UNIT.toByte(0.5f));
        assertEquals(255, ValueRange.UNIT.toByte(1.2f));
        for (int u8 = 0; u8 < 256; u8++) {
            assertEquals(u8, ValueRange.SIGNED.toByte(ValueRange.SIGNED.fromByte(u8)), "level " + u8);
            assertEquals(u8, ValueRange.UNIT.toByte(ValueRange.UNIT.fromByte(u8)), "level " + u8);
        }
    }
}
