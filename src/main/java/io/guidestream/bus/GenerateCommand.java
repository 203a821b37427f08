package io.guidestream.bus;

import java.util.List;
import java.util.Set;

/**
 * A validated generation request on its way from a gateway to a sampler. Ranges are checked at the edge; what
 * depends on the models (does it exist, is the label in range, does the sampler fit it) the sampler checks.
 *
 * @param jobId        unique job id, chosen by the gateway
 * @param replyAddress event-bus address where the sampler sends this job's frames, done and errors
 * @param model        denoiser name
 * @param labels       one class label per item ({@code batch} entries); −1 asks for no class (unconditional)
 * @param seed         seeds the job's own noise generator
 * @param sampler      sampler settings
 * @param guidance     guidance settings
 * @param preview      which previews to stream, and how often
 * @param telemetry    at which steps the classifier's view is read and reported (null, as from a node that predates
 *                     the field: every step)
 */
public record GenerateCommand(String jobId, String replyAddress, String model, List<Integer> labels, long seed,
        SamplerSettings sampler, GuidanceSettings guidance, PreviewSettings preview, TelemetrySettings telemetry) {

    public GenerateCommand {
        labels = List.copyOf(labels);
        if (telemetry == null) telemetry = TelemetrySettings.EVERY_STEP;
    }

    /** A command with the classifier's telemetry at every step (the protocol's default). */
    public GenerateCommand(String jobId, String replyAddress, String model, List<Integer> labels, long seed,
            SamplerSettings sampler, GuidanceSettings guidance, PreviewSettings preview) {
        this(jobId, replyAddress, model, labels, seed, sampler, guidance, preview, TelemetrySettings.EVERY_STEP);
    }

    public int batch() {
        return labels.size();
    }

    /** {@code sampler}: kind, number of steps, DDIM's η. */
    public record SamplerSettings(SamplerKind kind, int steps, double eta) {
    }

    /**
     * {@code guidance}: method, class-guidance scale s, the classifier (null: the model's default), and the tail
     * and x̂0 parameters (used by {@code tail}).
     */
    public record GuidanceSettings(GuidanceMethod method, double scale, String classifier, double tailScale,
            double tailTau, double tailTMin, double x0Lambda, double entropyFloor) {
    }

    /** {@code preview}: stream images every {@code every} steps (the last step always), of these kinds. */
    public record PreviewSettings(int every, Set<PreviewKind> kinds) {
        public PreviewSettings {
            kinds = Set.copyOf(kinds);
        }
    }

    /**
     * {@code telemetry}: report the classifier's view (probabilities, entropy, gradient norm) every {@code every}
     * steps and at the last step; 0 never. Unguided jobs run the classifier only at those steps; guided ones need its
     * gradient at every step anyway, and report it at those steps too (docs/PROTOCOL.md, {@code telemetry}).
     */
    public record TelemetrySettings(int every) {
        public static final TelemetrySettings EVERY_STEP = new TelemetrySettings(1);
        public static final TelemetrySettings NEVER = new TelemetrySettings(0);

        public TelemetrySettings {
            if (every < 0) throw new IllegalArgumentException("telemetry.every must be ≥ 0, got " + every);
        }

        /** Whether 1-based step {@code step} of {@code of} reports the classifier's view. */
        public boolean due(int step, int of) {
            return every > 0 && (step % every == 0 || step == of);
        }
    }
}
