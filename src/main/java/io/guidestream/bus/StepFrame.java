package io.guidestream.bus;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One denoising step of one job: the classifier's view of every item, the guidance applied, and the preview images
 * (PNG bytes). Arrays are per item.
 *
 * @param jobId    the job
 * @param step     1-based step number
 * @param of       total steps
 * @param t        the training timestep τ the model saw at this step
 * @param entropy  classifier entropy H(p(·|x_t)) in nats; null at a step that reports no telemetry (the request's
 *                 {@code telemetry.every}), empty when the job has no classifier
 * @param scale    effective class-guidance scale (0 when unguided)
 * @param probs    class probabilities p(c | x_t); null or empty as {@code entropy}
 * @param gradNorm ‖∇_x log p(y | x_t)‖ (unscaled); null or empty as {@code entropy}
 * @param active   names of the guidance terms applied to each item at this step
 * @param ms       wall time of the tick that produced this step
 * @param tick     what that tick advanced together (the sampler's load at this step)
 * @param blur     a blur model's corruption at this step and how far its clean estimate moved (null for ε models)
 * @param images   previews
 */
public record StepFrame(String jobId, int step, int of, int t, double @Nullable [] entropy, double[] scale,
        double @Nullable [][] probs, double @Nullable [] gradNorm, List<List<String>> active, double ms, Tick tick,
        @Nullable BlurReading blur, List<Preview> images) implements JobMessage {

    public StepFrame {
        active = List.copyOf(active);
        images = List.copyOf(images);
    }

    @Override
    public void deliverTo(Receiver receiver) {
        receiver.step(this);
    }

    /** Whether this step reports the classifier's view (it may still be empty: a job without a classifier). */
    public boolean hasTelemetry() {
        return entropy != null;
    }

    /**
     * The sampler tick that computed a step: every live job on that sampler advances in it, so more jobs and images
     * mean a slower step for each (docs/PROTOCOL.md, {@code tick}).
     *
     * @param jobs  jobs advanced by the tick
     * @param items their images
     */
    public record Tick(int jobs, int items) {
    }

    /**
     * Per-step readings of a blur (Soft Diffusion) model, which has no classifier to report: the corruption
     * x_τ = a·B(σ_B) x0 + s·η at the level τ the step starts from (its {@code BlurSchedule}), and how far the clean
     * estimate moved.
     *
     * @param level    τ, the schedule level (the step's {@code t})
     * @param sigma    σ_B(τ), the blur's standard deviation in pixels
     * @param signal   a(τ), the signal scale
     * @param noise    s(τ), the additive noise's standard deviation
     * @param x0Change per item, the RMS per pixel of x̂0 at this step minus x̂0 at the previous step (images in
     *                 [−1, 1]); null at the first step
     */
    public record BlurReading(int level, double sigma, double signal, double noise, double @Nullable [] x0Change) {
    }

    /** A PNG of item {@code index}, of kind {@code kind}. */
    public record Preview(PreviewKind kind, int index, byte[] png) {
    }
}
