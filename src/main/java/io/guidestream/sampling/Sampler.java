package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.diffusion.HostNoise;
import io.guidestream.diffusion.RespacedSchedule;
import io.guidestream.sampling.guidance.GuidanceShift;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A reverse-process integrator over a respaced chain. Steps go k = K−1 … 0. A sampler only integrates: guidance
 * arrives as a ready {@link GuidanceShift}, and noise from the job's own generator.
 */
public interface Sampler {
    RespacedSchedule schedule();

    /**
     * The chain's starting state x_{K−1}, drawn from {@code rng} in {@code manager}: N(0, I) for Gaussian diffusions;
     * blur samplers draw from their schedule's prior for each sample's label (−1: unconditional).
     */
    default NDArray initialState(NDManager manager, Shape shape, int[] labels, RandomGenerator rng) {
        return HostNoise.gaussian(manager, shape, rng);
    }

    /** Interprets the network output at index k (ε models: x̂0 = clip(x0_from_eps), ε̂ as predicted). */
    Estimate estimate(NDArray xt, NDArray netOutput, int k);

    /** x_k → x_{k−1}. {@code noise} is called only when the step adds noise. */
    StepResult step(NDArray xt, Estimate estimate, GuidanceShift shift, int k, Supplier<NDArray> noise);
}
