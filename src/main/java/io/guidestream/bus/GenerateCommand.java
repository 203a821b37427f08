package io.guidestream.bus;

import io.guidestream.protocol.GenerateDefaults;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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
     * {@code guidance}, shaped as on the wire: method, class-guidance scale s, the classifier (null: the model's
     * default), the entropy rule's floor h_min (used by {@code entropy}), and the {@code tail} and {@code x0}
     * parameters (used by {@code tail}). Made with the factories ({@link #none()}, {@link #classifier(double)}, …),
     * which start from the protocol's defaults ({@link GenerateDefaults}), and the {@code with…} methods.
     */
    public record GuidanceSettings(GuidanceMethod method, double scale, @Nullable String classifier,
            double entropyFloor, Tail tail, X0 x0) {

        /** Unguided: the classifier only reports its view. */
        public static GuidanceSettings none() {
            return of(GuidanceMethod.NONE, GenerateDefaults.SCALE);
        }

        /** ADM's classifier guidance with scale s. */
        public static GuidanceSettings classifier(double scale) {
            return of(GuidanceMethod.CLASSIFIER, scale);
        }

        /** ED-DPM's entropy-driven scale s·log C / max(H, h_min), with the default floor. */
        public static GuidanceSettings entropy(double scale) {
            return of(GuidanceMethod.ENTROPY, scale);
        }

        /** Density-aware tail guidance: ADM's class term with scale s, plus the default tail push and x̂0 routing. */
        public static GuidanceSettings tail(double scale) {
            return of(GuidanceMethod.TAIL, scale);
        }

        /** {@code method} with scale s and every other setting at the protocol's default. */
        public static GuidanceSettings of(GuidanceMethod method, double scale) {
            return new GuidanceSettings(method, scale, null, GenerateDefaults.ENTROPY_FLOOR, Tail.DEFAULT, X0.DEFAULT);
        }

        /** These settings with the named classifier (null: the model's default). */
        public GuidanceSettings withClassifier(@Nullable String name) {
            return new GuidanceSettings(method, scale, name, entropyFloor, tail, x0);
        }

        /** These settings with the entropy rule's floor h_min. */
        public GuidanceSettings withEntropyFloor(double floor) {
            return new GuidanceSettings(method, scale, classifier, floor, tail, x0);
        }

        /** These settings with the tail push's scale, confidence floor τ and final stretch tMin. */
        public GuidanceSettings withTail(double tailScale, double tau, double tMin) {
            return new GuidanceSettings(method, scale, classifier, entropyFloor, new Tail(tailScale, tau, tMin), x0);
        }

        /** These settings with the share λ of the guidance routed through x̂0. */
        public GuidanceSettings withX0Lambda(double lambda) {
            return new GuidanceSettings(method, scale, classifier, entropyFloor, tail, new X0(lambda));
        }

        /**
         * {@code guidance.tail}: tail guidance's entropy ascent with {@code scale}, pushing only while p(y|x_t) ≥
         * {@code tau}, and not in the last {@code tMin} of the chain.
         */
        public record Tail(double scale, double tau, double tMin) {
            public static final Tail DEFAULT = new Tail(GenerateDefaults.TAIL_SCALE, GenerateDefaults.TAIL_TAU,
                    GenerateDefaults.TAIL_T_MIN);
        }

        /** {@code guidance.x0}: the share λ of tail guidance routed through the predicted clean image x̂0. */
        public record X0(double lambda) {
            public static final X0 DEFAULT = new X0(GenerateDefaults.X0_LAMBDA);
        }
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
