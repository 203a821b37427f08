package io.guidestream.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.guidestream.diffusion.HostNoise;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Stable Target Field targets, ALGORITHMS.md M4 (e). */
class StableTargetsTest {
    private static final StableTargets STF = new StableTargets(StableTargets.DEFAULT_CHUNK);

    private static NDArray images(NDManager m, int n, long seed) {
        return HostNoise.gaussian(m, new Shape(n, 1, 4, 4), new SplittableRandom(seed)).clip(-1, 1);
    }

    /** x_t = m·x0 + σ·ε for the first B references. */
    private static NDArray noisy(NDArray x0, NDArray eps, double m, double sigma) {
        return x0.mul((float) m).add(eps.mul((float) sigma));
    }

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static double maxAbs(NDArray a, NDArray b) {
        return a.sub(b).abs().max().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }

    @Test
    void aSingleReferenceGivesTheStandardTargets() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x0 = images(m, 1, 1);
            NDArray eps = HostNoise.gaussian(m, x0.getShape(), new SplittableRandom(2));
            for (double ab : new double[] {0.999, 0.5, 0.01}) {
                double sm = Math.sqrt(ab);
                double sd = Math.sqrt(1 - ab);
                StableTargets.Targets t = STF.compute(noisy(x0, eps, sm, sd), new double[] {sm}, new double[] {sd},
                        x0, true);
                assertEquals(1.0, t.weights().getDouble(0, 0), 0);
                assertEquals(0, maxAbs(t.denoised(), x0), 1e-6);
                assertEquals(0, maxAbs(t.eps(), eps), 1e-4, "eps target at ᾱ = " + ab);
            }
        }
    }

    @Test
    void weightsAreAProbabilityVectorInvariantToPermutingTheReferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray refs = images(m, 6, 3);
            NDArray x0 = refs.get(new NDIndex("0:2"));
            NDArray xt = noisy(x0, HostNoise.gaussian(m, x0.getShape(), new SplittableRandom(4)), 0.8, 0.6);
            double[] sm = {0.8, 0.8};
            double[] sd = {0.6, 0.6};
            StableTargets.Targets t = STF.compute(xt, sm, sd, refs, true);
            double[] w = t.weights().toDoubleArray();
            for (int b = 0; b < 2; b++) {
                double sum = 0;
                for (int k = 0; k < 6; k++) {
                    assertTrue(w[b * 6 + k] >= 0);
                    sum += w[b * 6 + k];
                }
                assertEquals(1, sum, 1e-12);
            }
            assertTrue(w[0] < 0.99 && w[0] > 0.01, "at σ = 0.6 the field mixes references: " + w[0]);
            int[] perm = {3, 5, 0, 2, 1, 4};
            NDList shuffled = new NDList();
            for (int k : perm) shuffled.add(refs.get(new NDIndex(k + ":" + (k + 1))));
            StableTargets.Targets p = STF.compute(xt, sm, sd, NDArrays.concat(shuffled), true);
            double[] wp = p.weights().toDoubleArray();
            for (int b = 0; b < 2; b++) {
                for (int j = 0; j < 6; j++) assertEquals(w[b * 6 + perm[j]], wp[b * 6 + j], 1e-12);
            }
            assertEquals(0, maxAbs(t.denoised(), p.denoised()), 1e-6);
        }
    }

    @Test
    void tinyNoiseSelectsTheOwnImageAndHugeNoiseTheMean() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray refs = images(m, 8, 5);
            NDArray x0 = refs.get(new NDIndex("0:3"));
            NDArray eps = HostNoise.gaussian(m, x0.getShape(), new SplittableRandom(6));
            double sd = 1e-3;
            double sm = Math.sqrt(1 - sd * sd);
            StableTargets.Targets t = STF.compute(noisy(x0, eps, sm, sd), fill(3, sm), fill(3, sd), refs, true);
            for (int b = 0; b < 3; b++) assertEquals(1.0, t.weights().getDouble(b, b), 1e-12, "one-hot on own x0");
            assertEquals(0, maxAbs(t.denoised(), x0), 1e-6);
            StableTargets.Targets far = STF.compute(noisy(x0, eps, 1, 1e6), fill(3, 1), fill(3, 1e6), refs, true);
            NDArray mean = refs.mean(new int[] {0}, true).broadcast(x0.getShape());
            assertEquals(0, maxAbs(far.denoised(), mean), 1e-5, "σ → ∞ (m = 1): the reference mean");
        }
    }

    @Test
    void staysFiniteAtImageNetSizeAndTinySigma() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape item = new Shape(4, 3, 64, 64);
            NDArray refs = HostNoise.gaussian(m, new Shape(32, 3, 64, 64), new SplittableRandom(7)).clip(-1, 1);
            NDArray x0 = refs.get(new NDIndex("0:4"));
            NDArray eps = HostNoise.gaussian(m, item, new SplittableRandom(8));
            double sd = 0.002;
            double sm = Math.sqrt(1 - sd * sd);
            StableTargets.Targets t = STF.compute(noisy(x0, eps, sm, sd), fill(4, sm), fill(4, sd), refs, true);
            for (NDArray a : new NDArray[] {t.denoised(), t.eps(), t.weights()}) {
                assertEquals(0, a.isNaN().sum().getLong() + a.isInfinite().sum().getLong(), "no NaN/Inf");
            }
            for (int b = 0; b < 4; b++) assertEquals(1.0, t.weights().getDouble(b, b), 1e-12);
            assertEquals(0, maxAbs(t.eps(), eps), 1e-2);
        }
    }

    @Test
    void aDuplicatedReferenceDoublesItsWeight() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray abc = images(m, 3, 9);
            NDArray abbc = NDArrays.concat(new NDList(abc.get(new NDIndex("0:2")), abc.get(new NDIndex("1:3"))));
            NDArray x0 = abc.get(new NDIndex("0:1"));
            NDArray xt = noisy(x0, HostNoise.gaussian(m, x0.getShape(), new SplittableRandom(10)), 0.7, 0.7);
            double[] single = STF.compute(xt, fill(1, 0.7), fill(1, 0.7), abc, true).weights().toDoubleArray();
            double[] dup = STF.compute(xt, fill(1, 0.7), fill(1, 0.7), abbc, true).weights().toDoubleArray();
            assertEquals(dup[1], dup[2], 1e-15);
            assertEquals(2 * single[1] / single[0], (dup[1] + dup[2]) / dup[0], 1e-9);
            assertEquals(single[2] / single[0], dup[3] / dup[0], 1e-9, "the others keep their ratios");
        }
    }

    @Test
    void conditionalTargetsOnlyWeighReferencesOfTheSameLabel() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray refs = images(m, 6, 11);
            int[] refLabels = {0, 1, 2, 0, 1, 2};
            NDArray x0 = refs.get(new NDIndex("0:3"));
            NDArray eps = HostNoise.gaussian(m, x0.getShape(), new SplittableRandom(12));
            NDArray xt = noisy(x0, eps, 0.5, 0.9);
            int[] query = {0, 1, StableTargets.ANY};
            double[] w = STF.compute(xt, fill(3, 0.5), fill(3, 0.9), refs, refLabels, query, true).weights()
                    .toDoubleArray();
            for (int b = 0; b < 2; b++) {
                for (int k = 0; k < 6; k++) {
                    if (refLabels[k] != query[b]) assertEquals(0.0, w[b * 6 + k], 0, "other label gets no weight");
                    else assertTrue(w[b * 6 + k] > 0);
                }
            }
            for (int k = 0; k < 6; k++) assertTrue(w[12 + k] > 0, "an unlabelled query weighs every reference");
            // With one reference per label the conditional target is the sample's own: plain DSM.
            StableTargets.Targets own = STF.compute(xt, fill(3, 0.5), fill(3, 0.9), x0, new int[] {0, 1, 2},
                    new int[] {0, 1, 2}, false);
            assertEquals(0, maxAbs(own.eps(), eps), 1e-5);
            assertThrows(IllegalArgumentException.class, () -> STF.compute(xt, fill(3, 0.5), fill(3, 0.9), refs,
                    refLabels, new int[] {7, 0, 0}, false), "no reference with the label");
        }
    }

    @Test
    void chunkedEqualsUnchunked() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray refs = images(m, 10, 13);
            NDArray x0 = refs.get(new NDIndex("0:4"));
            NDArray xt = noisy(x0, HostNoise.gaussian(m, x0.getShape(), new SplittableRandom(14)), 0.6, 0.8);
            StableTargets.Targets whole = STF.compute(xt, fill(4, 0.6), fill(4, 0.8), refs, true);
            StableTargets.Targets chunked = new StableTargets(3).compute(xt, fill(4, 0.6), fill(4, 0.8), refs, true);
            assertEquals(0, maxAbs(whole.weights(), chunked.weights()), 1e-12);
            assertEquals(0, maxAbs(whole.denoised(), chunked.denoised()), 1e-7);
            assertEquals(0, maxAbs(whole.eps(), chunked.eps()), 1e-6);
        }
    }
}
