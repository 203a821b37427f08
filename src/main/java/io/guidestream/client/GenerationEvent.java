package io.guidestream.client;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a generation stream emits, in wire order: one {@link Accepted}, then for each step one {@link Step} followed
 * by its {@link Image}s, and finally one {@link Done}. Errors are not events: they end the stream with a
 * {@link GuidestreamException}. A stream that was resumed after a dropped connection is still gap-free and
 * duplicate-free in its steps; see docs/CLIENT.md for where images may then appear.
 *
 * <p>Arrays are per image of the batch and are handed over as received: treat them as read-only. Records compare
 * arrays by identity, so compare their contents yourself.
 */
public sealed interface GenerationEvent {
    /** The job this event belongs to. */
    String jobId();

    /**
     * The server took the job.
     *
     * @param steps        the total number of steps
     * @param node         the sampler node that runs it
     * @param seed         the noise seed (the server's choice when the request had none): same request and seed,
     *                     same frames
     * @param modelVersion the registry version of the model
     */
    record Accepted(String jobId, int steps, String node, long seed, int modelVersion) implements GenerationEvent {
    }

    /**
     * One denoising step. Never dropped, never repeated, numbered 1..{@code of} without gaps.
     *
     * @param step     1-based step number
     * @param of       total steps
     * @param t        the training timestep the network saw
     * @param entropy  the classifier's entropy H(p(·|x_t)) in nats, per image (empty without a classifier, and at
     *                 steps without telemetry: see {@link #hasTelemetry()})
     * @param scale    the class-guidance scale applied, per image (0 when unguided)
     * @param probs    p(c|x_t) per image and class (empty as {@code entropy})
     * @param gradNorm ‖∇ log p(y|x_t)‖ per image (unscaled; empty as {@code entropy})
     * @param active   the guidance terms applied to each image at this step
     * @param ms       duration of the sampler tick that produced the step
     * @param tick     what that tick advanced together: the sampler's load (null from servers before 2026-12)
     * @param blur     a blur model's corruption and clean-estimate change at this step (null for ε models)
     */
    record Step(String jobId, int step, int of, int t, double[] entropy, double[] scale, double[][] probs,
            double[] gradNorm, List<List<String>> active, double ms, @Nullable Tick tick, @Nullable Blur blur)
            implements GenerationEvent {
        public Step {
            active = List.copyOf(active);
        }

        /** A step without the sampler's load and blur readings (the fields of the first protocol version). */
        public Step(String jobId, int step, int of, int t, double[] entropy, double[] scale, double[][] probs,
                double[] gradNorm, List<List<String>> active, double ms) {
            this(jobId, step, of, t, entropy, scale, probs, gradNorm, active, ms, null, null);
        }

        /**
         * Whether this step carries the classifier's view: false at the steps the request's {@code telemetry.every}
         * leaves out (the server sends no such fields; they read as empty here) and for a job without a classifier.
         */
        public boolean hasTelemetry() {
            return entropy.length > 0;
        }

        /** Whether this is the job's last step. */
        public boolean isLast() {
            return step == of;
        }
    }

    /**
     * The sampler tick that computed a step: every live job on that sampler advances in it, so a step of a busy
     * sampler takes longer.
     *
     * @param jobs  jobs advanced together
     * @param items their images
     */
    record Tick(int jobs, int items) {
    }

    /**
     * A blur (Soft Diffusion) model's step: the corruption x = a·B(σ_B) x0 + s·η at the level the step starts from,
     * and how far the clean estimate moved.
     *
     * @param level    the schedule level τ (the step's {@code t})
     * @param sigma    the blur's standard deviation σ_B in pixels
     * @param signal   the signal scale a
     * @param noise    the additive noise's standard deviation s
     * @param x0Change per image, the RMS per pixel of x̂0 minus the previous step's x̂0 (images in [−1, 1]); null at
     *                 the first step
     */
    record Blur(int level, double sigma, double signal, double noise, double @Nullable [] x0Change) {
    }

    /**
     * A preview: an 8-bit PNG (grey, or RGB for a 3-channel model) of image {@code index} of the batch after
     * {@code step}. Intermediate previews may be dropped when the subscriber falls behind (the newer one of the same
     * kind and index replaces it); the last step's images never are.
     */
    record Image(String jobId, int step, PreviewKind kind, int index, byte[] png) implements GenerationEvent {
    }

    /** The job finished all {@code steps}; the stream completes right after this event. */
    record Done(String jobId, int steps, long elapsedMs) implements GenerationEvent {
    }
}
