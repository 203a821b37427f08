package io.guidestream.client;

import io.guidestream.protocol.GenerateDefaults;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Fluent builder of a {@link GenerateRequestSpec}, starting from the protocol's defaults (docs/PROTOCOL.md,
 * {@link GenerateDefaults}, the table the server's parser reads too). Values
 * are checked by {@link #build()}, which names the wire field of the first bad one.
 */
public final class GenerateRequestBuilder {
    private final String model;
    private @Nullable Integer label;
    private @Nullable List<Integer> labels;
    private @Nullable Integer batch;
    private @Nullable Long seed;
    private SamplerKind sampler = SamplerKind.DDIM;
    private int steps = GenerateDefaults.STEPS;
    private double eta = GenerateDefaults.ETA;
    private GuidanceMethod guidance = GuidanceMethod.NONE;
    private double scale = GenerateDefaults.SCALE;
    private @Nullable String classifier;
    private double entropyFloor = GenerateDefaults.ENTROPY_FLOOR;
    private double tailScale = GenerateDefaults.TAIL_SCALE;
    private double tau = GenerateDefaults.TAIL_TAU;
    private double tMin = GenerateDefaults.TAIL_T_MIN;
    private double x0Lambda = GenerateDefaults.X0_LAMBDA;
    private int previewEvery = GenerateDefaults.PREVIEW_EVERY;
    private Set<PreviewKind> previewKinds = EnumSet.allOf(PreviewKind.class);
    private int telemetryEvery = GenerateDefaults.TELEMETRY_EVERY;

    GenerateRequestBuilder(String model) {
        this.model = model;
    }

    GenerateRequestBuilder(GenerateRequestSpec s) {
        this(s.model());
        label = s.label();
        labels = s.labels();
        batch = s.batch();
        seed = s.seed();
        sampler(s.sampler(), s.steps(), s.eta());
        guidance(s.guidance(), s.scale());
        classifier = s.classifier();
        entropyFloor = s.entropyFloor();
        tail(s.tailScale(), s.tau(), s.tMin());
        x0Lambda = s.x0Lambda();
        preview(s.previewEvery(), s.previewKinds());
        telemetryEvery = s.telemetryEvery();
    }

    /** One class for every image (−1 = no class, for unguided runs). */
    public GenerateRequestBuilder label(int label) {
        this.label = label;
        this.labels = null;
        return this;
    }

    /** One class per image; the batch is their number unless set. */
    public GenerateRequestBuilder labels(int... labels) {
        List<Integer> list = new ArrayList<>(labels.length);
        Arrays.stream(labels).forEach(list::add);
        return labels(list);
    }

    /** One class per image; the batch is their number unless set. */
    public GenerateRequestBuilder labels(List<Integer> labels) {
        this.labels = List.copyOf(labels);
        this.label = null;
        return this;
    }

    public GenerateRequestBuilder batch(int batch) {
        this.batch = batch;
        return this;
    }

    /** Fixes the noise: the same request and seed give the same frames. */
    public GenerateRequestBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    public GenerateRequestBuilder sampler(SamplerKind kind) {
        this.sampler = kind;
        return this;
    }

    public GenerateRequestBuilder sampler(SamplerKind kind, int steps) {
        return sampler(kind).steps(steps);
    }

    public GenerateRequestBuilder sampler(SamplerKind kind, int steps, double eta) {
        return sampler(kind).steps(steps).eta(eta);
    }

    public GenerateRequestBuilder steps(int steps) {
        this.steps = steps;
        return this;
    }

    public GenerateRequestBuilder eta(double eta) {
        this.eta = eta;
        return this;
    }

    public GenerateRequestBuilder guidance(GuidanceMethod method) {
        this.guidance = method;
        return this;
    }

    public GenerateRequestBuilder guidance(GuidanceMethod method, double scale) {
        return guidance(method).scale(scale);
    }

    public GenerateRequestBuilder scale(double scale) {
        this.scale = scale;
        return this;
    }

    /** The noise-aware classifier for guidance and telemetry; null for the model's default. */
    public GenerateRequestBuilder classifier(@Nullable String classifier) {
        this.classifier = classifier;
        return this;
    }

    public GenerateRequestBuilder entropyFloor(double entropyFloor) {
        this.entropyFloor = entropyFloor;
        return this;
    }

    /** Tail guidance: entropy-ascent {@code scale}, confidence floor {@code tau}, and no push in the last {@code tMin}. */
    public GenerateRequestBuilder tail(double scale, double tau, double tMin) {
        this.tailScale = scale;
        this.tau = tau;
        this.tMin = tMin;
        return this;
    }

    /** Tail guidance's x̂0 routing weight λ: the share of the guidance routed through the predicted clean image. */
    public GenerateRequestBuilder x0Lambda(double lambda) {
        this.x0Lambda = lambda;
        return this;
    }

    /** Images every {@code every} steps (0 = only the last step), of the given kinds. */
    public GenerateRequestBuilder preview(int every, PreviewKind... kinds) {
        return preview(every, kinds.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(kinds)));
    }

    /** Images every {@code every} steps (0 = only the last step), of the given kinds. */
    public GenerateRequestBuilder preview(int every, Set<PreviewKind> kinds) {
        this.previewEvery = every;
        this.previewKinds = kinds.isEmpty() ? EnumSet.noneOf(PreviewKind.class) : EnumSet.copyOf(kinds);
        return this;
    }

    /**
     * The classifier's view (entropy, probabilities, gradient norm) every {@code every} steps and at the last step;
     * 0 never, 1 (the default) every step. Unguided jobs skip the classifier at the other steps, so without telemetry
     * they cost a bare step; steps without it have empty {@code entropy}, {@code probs} and {@code gradNorm}
     * ({@link GenerationEvent.Step#hasTelemetry()}).
     */
    public GenerateRequestBuilder telemetry(int every) {
        this.telemetryEvery = every;
        return this;
    }

    /** The request; {@link IllegalArgumentException} names the first field out of its range. */
    public GenerateRequestSpec build() {
        return new GenerateRequestSpec(model, label, labels, batch, seed, sampler, steps, eta, guidance, scale,
                classifier, entropyFloor, tailScale, tau, tMin, x0Lambda, previewEvery, previewKinds, telemetryEvery);
    }
}
