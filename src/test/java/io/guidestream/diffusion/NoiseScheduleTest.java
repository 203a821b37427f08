package io.guidestream.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Golden values computed independently with numpy from guided-diffusion's formulas (float64). */
class NoiseScheduleTest {
    private static final double TOL = 1e-12;

    @Test
    void linearScheduleMatchesGoldenValues() {
        NoiseSchedule s = NoiseSchedule.of(BetaSchedule.LINEAR, 1000);
        assertEquals(1e-4, s.beta(0), TOL);
        assertEquals(0.02, s.beta(999), TOL);
        assertEquals(0.00011991991991991993, s.beta(1), TOL);
        assertEquals(0.07779665836502389, s.alphaBar(500), TOL);
        assertEquals(4.035829765375676e-05, s.alphaBar(999), TOL);
        assertEquals(0.010051335778909593, s.posteriorVariance(500), TOL);
        assertEquals(0.1362778597700445, s.posteriorMeanCoef1(10), TOL);
        assertEquals(0.8637220692869959, s.posteriorMeanCoef2(10), TOL);
    }

    @Test
    void cosineScheduleMatchesGoldenValues() {
        NoiseSchedule s = NoiseSchedule.of(BetaSchedule.COSINE, 1000);
        assertEquals(4.128422482196914e-05, s.beta(0), TOL);
        assertEquals(0.003155691441585007, s.beta(500), TOL);
        assertEquals(0.999, s.beta(999), TOL);
        assertEquals(0.49228517244880304, s.alphaBar(500), TOL);
        assertEquals(2.4287669070348567e-09, s.alphaBar(999), 1e-20);
        assertEquals(2.178949614569182e-05, s.posteriorVariance(1), TOL);
        assertEquals(0.004367866899526329, s.posteriorMeanCoef1(500), TOL);
        assertEquals(0.03162269987413465, s.posteriorMeanCoef2(999), TOL);
    }

    @Test
    void cosineBetasAreCappedAndAlphaBarDecreasesToZero() {
        NoiseSchedule s = NoiseSchedule.of(BetaSchedule.COSINE, 1000);
        for (int i = 0; i < 1000; i++) {
            assertTrue(s.beta(i) <= 0.999);
            if (i > 0) assertTrue(s.alphaBar(i) < s.alphaBar(i - 1), "alphaBar must strictly decrease at " + i);
        }
        assertTrue(s.alphaBar(999) < 1e-8);
    }

    @Test
    void linearScheduleKeepsTotalNoiseForOtherLengths() {
        NoiseSchedule s = NoiseSchedule.of(BetaSchedule.LINEAR, 100);
        assertEquals(1e-3, s.beta(0), TOL);
        assertEquals(0.2, s.beta(99), TOL);
    }

    @Test
    void posteriorVarianceIsZeroAtFirstStepAndItsLogIsClipped() {
        NoiseSchedule s = NoiseSchedule.of(BetaSchedule.LINEAR, 1000);
        assertEquals(0.0, s.posteriorVariance(0));
        assertEquals(Math.log(s.posteriorVariance(1)), s.posteriorLogVarianceClipped(0), TOL);
    }

    @Test
    void varianceKindsFollowAdm() {
        NoiseSchedule s = NoiseSchedule.of(BetaSchedule.LINEAR, 1000);
        assertEquals(s.posteriorVariance(10), s.variance(VarianceKind.FIXED_SMALL, 10));
        assertEquals(s.beta(10), s.variance(VarianceKind.FIXED_LARGE, 10));
        assertEquals(s.posteriorVariance(1), s.variance(VarianceKind.FIXED_LARGE, 0));
    }

    /**
     * q(x_{t−1} | x_t, x_0) ∝ q(x_t | x_{t−1}) q(x_{t−1} | x_0): completing the square on scalars gives precision
     * 1/β̃ = α_t/β_t + 1/(1 − ᾱ_{t−1}) and mean β̃·(√α_t x_t/β_t + √ᾱ_{t−1} x_0/(1 − ᾱ_{t−1})).
     */
    @Test
    void posteriorMatchesTheProductOfGaussians() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (BetaSchedule kind : BetaSchedule.values()) {
            NoiseSchedule s = NoiseSchedule.of(kind, 1000);
            for (int trial = 0; trial < 50; trial++) {
                int t = 1 + rng.nextInt(998);
                double x0 = rng.nextDouble(-1, 1);
                double xt = rng.nextGaussian();
                double alpha = 1 - s.beta(t);
                double precision = alpha / s.beta(t) + 1 / (1 - s.alphaBarPrev(t));
                double variance = 1 / precision;
                double mean = variance * (Math.sqrt(alpha) * xt / s.beta(t)
                        + Math.sqrt(s.alphaBarPrev(t)) * x0 / (1 - s.alphaBarPrev(t)));
                assertEquals(variance, s.posteriorVariance(t), 1e-12 * Math.max(1, variance));
                double ours = s.posteriorMeanCoef1(t) * x0 + s.posteriorMeanCoef2(t) * xt;
                assertEquals(mean, ours, 1e-9);
            }
        }
    }
}
