package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.diffusion.BetaSchedule;
import io.guidestream.diffusion.BlurSchedule;
import io.guidestream.diffusion.NoiseSchedule;
import io.guidestream.diffusion.RespacedSchedule;
import io.guidestream.diffusion.Respacing;
import io.guidestream.sampling.guidance.GuidanceShift;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Shared by the samplers of blur models (Soft Diffusion, Daras et al. 2022), whose network h_θ(x_k, k) predicts
 * the clean image directly: x̂0 = clip(h, −1, 1), no ε.
 *
 * <p>Mapping onto {@link RespacedSchedule}: a chain of S steps visits S of the schedule's K levels, always
 * including the top level K−1 (where the prior lives) and, for S ≥ 2, level 0 (C = I): {@code timestepMap[k]} is
 * the level τ_k, which is also the timestep the network was trained with. The chain's {@link NoiseSchedule} is a
 * progress clock only: ᾱ at index k is the cosine schedule's ᾱ(τ_k) over K steps, decreasing from ≈1 (clean) to
 * ≈0 (prior), so that code reading ᾱ as "how far from clean" sees a monotone value. Blur samplers never read it;
 * their coefficients come from the {@link BlurSchedule}. Step k moves from level τ_k to τ_{k−1}; the last step
 * (k = 0) returns x̂0 and adds no noise (ALGORITHMS.md §0, 1[t&gt;0]).
 *
 * <p>Guidance does not apply to blur models: a step given a non-empty {@link GuidanceShift} throws.
 */
abstract class BlurSampler implements Sampler {
    protected final BlurSchedule blur;
    protected final RespacedSchedule chain;

    BlurSampler(BlurSchedule blur, int steps) {
        int levels = blur.levels();
        if (steps < 1 || steps > levels) {
            throw new IllegalArgumentException("steps must be 1.." + levels + ", got " + steps);
        }
        this.blur = blur;
        int[] kept = steps == 1 ? new int[] {levels - 1} : Respacing.evenly(levels, steps);
        this.chain = Respacing.respace(NoiseSchedule.of(BetaSchedule.COSINE, levels), kept);
    }

    /** The blur sampler of {@code kind} (MOMENTUM or NAIVE) over {@code steps} of the schedule's levels. */
    static BlurSampler of(io.guidestream.bus.SamplerKind kind, BlurSchedule blur, int steps) {
        return switch (kind) {
            case MOMENTUM -> new MomentumSampler(blur, steps);
            case NAIVE -> new NaiveBlurSampler(blur, steps);
            default -> throw new IllegalArgumentException(kind.wireName() + " is not a blur sampler");
        };
    }

    @Override
    public RespacedSchedule schedule() {
        return chain;
    }

    /** The corruption schedule whose levels the chain visits. */
    BlurSchedule blurSchedule() {
        return blur;
    }

    /** The prior at the top level: a draw of C_{K−1} x0 per sample's label plus s_{K−1} η ({@link BlurSchedule#prior}). */
    @Override
    public NDArray initialState(NDManager manager, Shape shape, int[] labels, RandomGenerator rng) {
        return blur.prior(manager, shape, labels, rng);
    }

    @Override
    public Estimate estimate(NDArray xt, NDArray netOutput, int k) {
        return new Estimate(netOutput.clip(-1f, 1f), null);
    }

    @Override
    public final StepResult step(NDArray xt, Estimate est, GuidanceShift shift, int k, Supplier<NDArray> noise) {
        if (shift != null && !shift.isNone()) {
            throw new IllegalArgumentException("blur samplers take no guidance");
        }
        if (k == 0) return new StepResult(est.x0(), est.x0());
        return new StepResult(move(xt, est.x0(), chain.modelTimestep(k), chain.modelTimestep(k - 1), noise),
                est.x0());
    }

    /** x at level {@code from} → x at the lower level {@code to}, given the clean estimate x̂0. */
    protected abstract NDArray move(NDArray xt, NDArray x0, int from, int to, Supplier<NDArray> noise);
}
