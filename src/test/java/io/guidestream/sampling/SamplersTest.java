package io.guidestream.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.diffusion.BetaSchedule;
import io.guidestream.diffusion.HostNoise;
import io.guidestream.diffusion.NoiseSchedule;
import io.guidestream.diffusion.RespacedSchedule;
import io.guidestream.diffusion.Respacing;
import io.guidestream.diffusion.VarianceKind;
import io.guidestream.sampling.guidance.GuidanceShift;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The samplers' contracts, with a fixed "network output" so only the integrator is under test. */
class SamplersTest {
    private static final NoiseSchedule BASE = NoiseSchedule.of(BetaSchedule.COSINE, 1000);
    private static final RespacedSchedule CHAIN = Respacing.respace(BASE, Respacing.evenly(1000, 20));

    @Test
    void ddimWithEtaZeroNeverDrawsNoise() {
        DdimSampler ddim = new DdimSampler(CHAIN, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = HostNoise.gaussian(m, new Shape(2, 1, 4, 4), new SplittableRandom(1));
            NDArray eps = HostNoise.gaussian(m, new Shape(2, 1, 4, 4), new SplittableRandom(2));
            for (int k = CHAIN.steps() - 1; k >= 0; k--) {
                Estimate est = ddim.estimate(x, eps, k);
                x = ddim.step(x, est, GuidanceShift.NONE, k, () -> fail("η = 0 must be deterministic")).next();
            }
        }
    }

    @Test
    void ddimWithEtaOneHasThePosteriorVariance() {
        DdimSampler ddim = new DdimSampler(CHAIN, 1);
        for (int k = 1; k < CHAIN.steps(); k++) {
            double sigma = ddim.sigma(k);
            assertEquals(CHAIN.schedule().posteriorVariance(k), sigma * sigma, 1e-12);
        }
    }

    @Test
    void ddpmAddsNoiseExceptAtTheLastStep() {
        DdpmSampler ddpm = new DdpmSampler(CHAIN, VarianceKind.FIXED_LARGE);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(1, 1, 2, 2));
            NDArray eps = m.zeros(new Shape(1, 1, 2, 2));
            int[] calls = {0};
            ddpm.step(x, ddpm.estimate(x, eps, 5), GuidanceShift.NONE, 5, () -> {
                calls[0]++;
                return m.ones(new Shape(1, 1, 2, 2));
            });
            ddpm.step(x, ddpm.estimate(x, eps, 0), GuidanceShift.NONE, 0, () -> fail("no noise at the last step"));
            assertEquals(1, calls[0]);
        }
    }

    @Test
    void ddpmMeanShiftIsVarianceTimesScore() {
        DdpmSampler ddpm = new DdpmSampler(CHAIN, VarianceKind.FIXED_SMALL);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = HostNoise.gaussian(m, new Shape(1, 1, 2, 2), new SplittableRandom(4));
            NDArray eps = HostNoise.gaussian(m, new Shape(1, 1, 2, 2), new SplittableRandom(5));
            NDArray g = m.ones(new Shape(1, 1, 2, 2));
            Estimate est = ddpm.estimate(x, eps, 0);
            float[] plain = ddpm.step(x, est, GuidanceShift.NONE, 0, null).next().toFloatArray();
            float[] guided = ddpm.step(x, est, new GuidanceShift(g), 0, null).next().toFloatArray();
            double sigma2 = CHAIN.schedule().variance(VarianceKind.FIXED_SMALL, 0);
            for (int i = 0; i < plain.length; i++) assertEquals(sigma2, guided[i] - plain[i], 1e-6);
        }
    }

    @Test
    void ddimScoreShiftMovesEpsByRootOneMinusAlphaBar() {
        DdimSampler ddim = new DdimSampler(CHAIN, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = HostNoise.gaussian(m, new Shape(1, 1, 3, 3), new SplittableRandom(6)).mul(0.1f);
            NDArray eps = HostNoise.gaussian(m, new Shape(1, 1, 3, 3), new SplittableRandom(7)).mul(0.1f);
            int k = 10;
            Estimate est = ddim.estimate(x, eps, k);
            NDArray zero = m.zeros(new Shape(1, 1, 3, 3));
            float[] plain = ddim.step(x, est, GuidanceShift.NONE, k, null).next().toFloatArray();
            float[] withZero = ddim.step(x, est, new GuidanceShift(zero), k, null).next().toFloatArray();
            assertArrayEquals(plain, withZero, 1e-5f);
            float[] shifted = ddim.step(x, est, new GuidanceShift(m.ones(new Shape(1, 1, 3, 3))), k, null)
                    .next().toFloatArray();
            // ε' = ε̂ − √(1−ᾱ)·g moves x̂0 by +(1−ᾱ)/√ᾱ·g, so x_{t−1} = √ᾱ_prev·x̂0' + √(1−ᾱ_prev)·ε' moves by
            // (√ᾱ_prev·(1−ᾱ)/√ᾱ − √(1−ᾱ_prev)·√(1−ᾱ))·g, whatever the clip did to x̂0.
            double ab = CHAIN.schedule().alphaBar(k);
            double abPrev = CHAIN.schedule().alphaBarPrev(k);
            double move = Math.sqrt(abPrev) * (1 - ab) / Math.sqrt(ab) - Math.sqrt(1 - abPrev) * Math.sqrt(1 - ab);
            assertTrue(Math.abs(move) > 0.01, "a step where the shift shows: " + move);
            for (int i = 0; i < plain.length; i++) assertEquals(move, shifted[i] - plain[i], 1e-5, "element " + i);
        }
    }
}
