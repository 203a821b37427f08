package io.guidestream.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.diffusion.NoiseSchedule;
import io.guidestream.diffusion.RespacedSchedule;
import io.guidestream.sampling.guidance.GuidanceShift;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The contract every ε-sampler keeps, with golden numbers (as diffusers' scheduler tests): a three-step chain
 * (β = 0.1, 0.2, 0.3, not respaced), a fake network ε̂(x) = 0.5·x − 0.2, a fixed x_2 and fixed noise z_2, z_1. Each
 * subclass holds the numbers for its sampler, computed in float64 from ALGORITHMS.md's closed forms (x̂0 =
 * clip(√(1/ᾱ)·x − √(1/ᾱ−1)·ε̂); DDIM, Song et al. eq. 12; DDPM, μ̃ = c1·x̂0 + c2·x_t plus √Σ·z) by a script written
 * apart from the code under test. The element −1.5 of x_2 makes the clip to [−1, 1] bite at the first step.
 */
abstract class SamplerContract {
    static final RespacedSchedule CHAIN = new RespacedSchedule(NoiseSchedule.fromBetas(new double[] {0.1, 0.2, 0.3}),
            new int[] {0, 1, 2});
    static final float[] X2 = {0.8f, -0.4f, 0.1f, -1.5f};
    /** z_2 and z_1, in the order the chain asks for them. */
    static final float[][] NOISE = {{0.3f, -0.7f, 1.1f, 0.2f}, {-0.5f, 0.4f, 0f, 0.9f}};
    /** A guidance shift g (score units) for the first step. */
    static final float[] SHIFT = {1f, -1f, 0.5f, 2f};
    /** float32 arithmetic against float64 numbers of order 1. */
    static final double TOLERANCE = 1e-5;
    private static final Shape SHAPE = new Shape(1, 1, 2, 2);

    abstract Sampler sampler();

    /** x_1, x_0 and the chain's output: the state after the steps k = 2, 1, 0. */
    abstract double[][] expectedStates();

    /** The x̂0 preview of the steps k = 2, 1, 0. */
    abstract double[][] expectedPreviews();

    /** The state after the step k = 2 with {@link #SHIFT}. */
    abstract double[] expectedShiftedFirstStep();

    /** How many noise draws the chain takes (never at k = 0). */
    abstract int noiseDraws();

    @Test
    void aThreeStepChainMatchesTheFloat64Reference() {
        Chain chain = run();
        for (int i = 0; i < 3; i++) assertClose(expectedStates()[i], chain.states.get(i), "state after k = " + (2 - i));
    }

    @Test
    void thePreviewIsTheClippedCleanEstimateOfEachStep() {
        Chain chain = run();
        for (int i = 0; i < 3; i++) assertClose(expectedPreviews()[i], chain.previews.get(i), "x̂0 at k = " + (2 - i));
    }

    @Test
    void noiseIsDrawnOnlyByStochasticStepsAndNeverAtTheLast() {
        Chain chain = run();
        assertEquals(noiseDraws(), chain.draws.size(), "noise draws");
        assertEquals(false, chain.draws.contains(0), "the step k = 0 adds no noise");
    }

    @Test
    void aScoreShiftMovesTheStepAsTheClosedFormSays() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(X2, SHAPE);
            Sampler s = sampler();
            Estimate est = s.estimate(x, network(x), 2);
            NDArray next = s.step(x, est, new GuidanceShift(m.create(SHIFT, SHAPE)), 2, () -> m.create(NOISE[0], SHAPE))
                    .next();
            assertClose(expectedShiftedFirstStep(), next.toFloatArray(), "shifted state after k = 2");
        }
    }

    /** The fake ε-network: ε̂(x) = 0.5·x − 0.2 at every step. */
    private static NDArray network(NDArray x) {
        return x.mul(0.5f).sub(0.2f);
    }

    private record Chain(List<float[]> states, List<float[]> previews, List<Integer> draws) {
    }

    private Chain run() {
        Chain chain = new Chain(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Sampler s = sampler();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(X2, SHAPE);
            for (int k = 2; k >= 0; k--) {
                int step = k;
                Supplier<NDArray> noise = () -> {
                    chain.draws.add(step);
                    return m.create(NOISE[chain.draws.size() - 1], SHAPE);
                };
                StepResult r = s.step(x, s.estimate(x, network(x), k), GuidanceShift.NONE, k, noise);
                x = r.next();
                chain.states.add(x.toFloatArray());
                chain.previews.add(r.x0().toFloatArray());
            }
        }
        return chain;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], TOLERANCE, what + ", element " + i);
    }
}
