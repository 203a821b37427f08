package io.guidestream.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.diffusion.BetaSchedule;
import io.guidestream.diffusion.BlurPath;
import io.guidestream.diffusion.BlurSchedule;
import io.guidestream.diffusion.HostNoise;
import io.guidestream.diffusion.NoiseSchedule;
import io.guidestream.diffusion.RespacedSchedule;
import io.guidestream.diffusion.Respacing;
import io.guidestream.sampling.guidance.GuidanceShift;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Soft Diffusion's samplers, ALGORITHMS.md M5 (e) 5–6, with a fixed "network output". */
class BlurSamplersTest {
    private static final Shape SHAPE = new Shape(2, 1, 28, 28);
    private static final RespacedSchedule EPS_CHAIN = Respacing.respace(NoiseSchedule.of(BetaSchedule.COSINE, 1000),
            Respacing.evenly(1000, 20));

    /** Three levels with hand-picked blur and noise. */
    private static BlurSchedule three(double[] sigma, double[] noise) {
        return new BlurSchedule(28, 28, sigma, noise, -0.4, 0.25);
    }

    private static NDArray gaussian(NDManager m, long seed) {
        return HostNoise.gaussian(m, SHAPE, new SplittableRandom(seed));
    }

    private static double maxAbs(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    @Test
    void chainVisitsLevelsFromTheTopDownToZero() {
        BlurSchedule s = BlurSchedule.smallNoise(1000, 28);
        RespacedSchedule chain = new MomentumSampler(s, 10).schedule();
        assertEquals(10, chain.steps());
        assertEquals(999, chain.modelTimestep(9));
        assertEquals(0, chain.modelTimestep(0));
        for (int k = 1; k < 10; k++) {
            assertTrue(chain.modelTimestep(k) > chain.modelTimestep(k - 1));
            assertTrue(chain.schedule().alphaBar(k) < chain.schedule().alphaBar(k - 1), "ᾱ is a progress clock");
        }
        RespacedSchedule one = new NaiveBlurSampler(s, 1).schedule();
        assertEquals(1, one.steps());
        assertEquals(999, one.modelTimestep(0), "a single step starts from the prior level");
        assertThrows(IllegalArgumentException.class, () -> new MomentumSampler(s, 1001));
    }

    /** Oracle: h = x0 and η = 0 map C_t x0 + s_t n to C_{t−Δ} x0 + (s_{t−Δ}²/s_t²) s_t n. */
    @Test
    void oracleMomentumStepMovesExactlyOneLevel() {
        BlurSchedule s = three(new double[] {0, 1.5, 4}, new double[] {0.01, 0.05, 0.2});
        MomentumSampler sampler = new MomentumSampler(s, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x0 = gaussian(m, 1).clip(-1, 1);
            NDArray n = gaussian(m, 2);
            NDArray xt = s.corrupt(x0, 2).add(n.mul(0.2f));
            NDArray next = sampler.step(xt, new Estimate(x0, null), GuidanceShift.NONE, 2, () -> m.zeros(SHAPE))
                    .next();
            NDArray expected = s.corrupt(x0, 1).add(n.mul((float) (0.05 * 0.05 / (0.2 * 0.2) * 0.2)));
            assertEquals(0, maxAbs(next, expected), 1e-5);
        }
    }

    /**
     * The same oracle on the variance-preserving path, where C_k = a_k B_k also scales the signal: the deblur term
     * carries the change of a as well as of the blur, so the step still lands on level k−1's forward process.
     */
    @Test
    void oracleMomentumStepOnTheVariancePreservingPath() {
        BlurSchedule s = BlurSchedule.of(BlurPath.variancePreserving(28), 1000, 28);
        MomentumSampler sampler = new MomentumSampler(s, 10);
        RespacedSchedule chain = sampler.schedule();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x0 = gaussian(m, 1).clip(-1, 1);
            NDArray n = gaussian(m, 2);
            for (int k : new int[] {9, 5, 1}) {
                int from = chain.modelTimestep(k);
                int to = chain.modelTimestep(k - 1);
                NDArray xt = s.corrupt(x0, from).add(n.mul((float) s.noise(from)));
                NDArray next = sampler.step(xt, new Estimate(x0, null), GuidanceShift.NONE, k,
                        () -> m.zeros(SHAPE)).next();
                double left = s.noise(to) * s.noise(to) / s.noise(from);
                NDArray expected = s.corrupt(x0, to).add(n.mul((float) left));
                assertEquals(0, maxAbs(next, expected), 2e-5, "step " + k + " from level " + from + " to " + to);
            }
        }
    }

    /** The VP path's top level is pure noise up to a_top ≈ 0.0067: the prior is N(0, s_top²) plus a_top·c. */
    @Test
    void theVariancePreservingPriorIsNearlyStandardNoise() {
        BlurSchedule s = BlurSchedule.of(BlurPath.variancePreserving(28), 1000, 28);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] x = s.prior(m, new Shape(64, 1, 28, 28), new int[64], new SplittableRandom(3)).toFloatArray();
            double sum = 0;
            double sumSq = 0;
            for (float v : x) {
                sum += v;
                sumSq += v * v;
            }
            double mean = sum / x.length;
            assertEquals(s.signal(999) * BlurSchedule.DEFAULT_PRIOR_MEAN, mean, 4 / Math.sqrt(x.length));
            assertEquals(1, Math.sqrt(sumSq / x.length - mean * mean), 0.01);
        }
    }

    /** C_{t−Δ} = C_t: the momentum step is the pure denoising step x + (s_t² − s_{t−Δ}²)·score + √(…)·η. */
    @Test
    void withoutABlurChangeTheStepIsPureDenoising() {
        BlurSchedule s = three(new double[] {0, 2, 2}, new double[] {0.01, 0.05, 0.2});
        MomentumSampler sampler = new MomentumSampler(s, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x0Hat = gaussian(m, 3).clip(-1, 1);
            NDArray xt = gaussian(m, 4).mul(0.5f);
            NDArray eta = gaussian(m, 5);
            NDArray next = sampler.step(xt, new Estimate(x0Hat, null), GuidanceShift.NONE, 2, () -> eta).next();
            double sa2 = 0.2 * 0.2;
            double sb2 = 0.05 * 0.05;
            NDArray score = s.corrupt(x0Hat, 2).sub(xt).div((float) sa2);
            NDArray expected = xt.add(score.mul((float) (sa2 - sb2))).add(eta.mul((float) Math.sqrt(sa2 - sb2)));
            assertEquals(0, maxAbs(next, expected), 1e-5);
        }
    }

    /** s_{t−Δ} = s_t: only the deterministic deblur term (C_{t−Δ} − C_t) x̂0 remains; no noise is drawn. */
    @Test
    void withoutANoiseChangeTheStepIsDeterministicDeblurring() {
        BlurSchedule s = three(new double[] {0, 1, 3}, new double[] {0.05, 0.1, 0.1});
        MomentumSampler sampler = new MomentumSampler(s, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x0Hat = gaussian(m, 6).clip(-1, 1);
            NDArray xt = gaussian(m, 7);
            NDArray next = sampler.step(xt, new Estimate(x0Hat, null), GuidanceShift.NONE, 2,
                    () -> fail("equal noise levels add no noise")).next();
            NDArray expected = xt.add(s.corrupt(x0Hat, 1).sub(s.corrupt(x0Hat, 2)));
            assertEquals(0, maxAbs(next, expected), 1e-5);
        }
    }

    @Test
    void naiveStepReCorruptsTheEstimateAtTheNextLevel() {
        BlurSchedule s = three(new double[] {0, 1.5, 4}, new double[] {0.01, 0.05, 0.2});
        NaiveBlurSampler sampler = new NaiveBlurSampler(s, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x0Hat = gaussian(m, 8).clip(-1, 1);
            NDArray eta = gaussian(m, 9);
            NDArray next = sampler.step(gaussian(m, 10), new Estimate(x0Hat, null), GuidanceShift.NONE, 2,
                    () -> eta).next();
            assertEquals(0, maxAbs(next, s.corrupt(x0Hat, 1).add(eta.mul(0.05f))), 1e-5);
        }
    }

    @Test
    void theLastStepReturnsTheCleanEstimateWithoutNoise() {
        BlurSchedule s = BlurSchedule.smallNoise(50, 28);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray out = gaussian(m, 11).mul(2);
            for (BlurSampler sampler : new BlurSampler[] {new MomentumSampler(s, 5), new NaiveBlurSampler(s, 5)}) {
                Estimate est = sampler.estimate(gaussian(m, 12), out, 0);
                assertNull(est.eps());
                assertEquals(1f, est.x0().max().getFloat(), 0, "x̂0 is the network output clipped to [-1, 1]");
                assertEquals(-1f, est.x0().min().getFloat(), 0);
                StepResult r = sampler.step(gaussian(m, 12), est, GuidanceShift.NONE, 0, () -> fail("noise at k=0"));
                assertSame(est.x0(), r.next());
            }
        }
    }

    @Test
    void guidanceIsRejectedButAnEmptyShiftIsFine() {
        BlurSchedule s = BlurSchedule.smallNoise(50, 28);
        MomentumSampler sampler = new MomentumSampler(s, 5);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = gaussian(m, 13);
            Estimate est = sampler.estimate(x, x, 3);
            sampler.step(x, est, new GuidanceShift(null), 3, () -> gaussian(m, 14));
            assertThrows(IllegalArgumentException.class,
                    () -> sampler.step(x, est, new GuidanceShift(m.ones(SHAPE)), 3, () -> gaussian(m, 14)));
        }
    }

    @Test
    void initialStateIsThePriorDrawnFromTheJobsGenerator() {
        BlurSchedule s = BlurSchedule.smallNoise(50, 28);
        try (NDManager m = NDManager.newBaseManager()) {
            int[] labels = new int[Math.toIntExact(SHAPE.get(0))];
            for (int i = 0; i < labels.length; i++) labels[i] = i % 10;
            float[] fromSampler = new MomentumSampler(s, 5).initialState(m, SHAPE, labels, new SplittableRandom(15))
                    .toFloatArray();
            float[] prior = s.prior(m, SHAPE, labels, new SplittableRandom(15)).toFloatArray();
            assertArrayEquals(prior, fromSampler, 0);
            float[] gaussian = new DdimSampler(EPS_CHAIN, 0).initialState(m, SHAPE, labels,
                    new SplittableRandom(15)).toFloatArray();
            assertArrayEquals(HostNoise.gaussian(m, SHAPE, new SplittableRandom(15)).toFloatArray(), gaussian, 0,
                    "ε samplers keep starting from N(0, I) with the same draws");
        }
    }

    /** Oracle over a whole chain (η = 0): the state reaches level 0 as x0 + s_top·Π(s_{τ−}²/s_τ²)·n, then x̂0. */
    @Test
    void oracleMomentumChainShrinksTheNoiseLevelByLevel() {
        BlurSchedule s = BlurSchedule.smallNoise(100, 28);
        MomentumSampler sampler = new MomentumSampler(s, 8);
        RespacedSchedule chain = sampler.schedule();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x0 = gaussian(m, 16).clip(-1, 1);
            NDArray n = gaussian(m, 17);
            NDArray x = s.corrupt(x0, 99).add(n.mul((float) s.noise(99)));
            double c = s.noise(99);
            for (int k = chain.steps() - 1; k >= 1; k--) {
                x = sampler.step(x, sampler.estimate(x, x0, k), GuidanceShift.NONE, k, () -> m.zeros(SHAPE)).next();
                double from = s.noise(chain.modelTimestep(k));
                double to = s.noise(chain.modelTimestep(k - 1));
                c *= to * to / (from * from);
            }
            assertEquals(0, maxAbs(x, x0.add(n.mul((float) c))), 1e-5);
            assertEquals(0, maxAbs(sampler.step(x, sampler.estimate(x, x0, 0), GuidanceShift.NONE, 0, null).next(),
                    x0), 0);
        }
    }
}
