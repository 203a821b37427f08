package io.guidestream.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guidestream.protocol.GenerateDefaults;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An immutable {@code generate} request (docs/PROTOCOL.md), usually made with {@link #builder(String)}. The
 * constructor checks the protocol's fixed ranges ({@link GenerateDefaults}) and throws
 * {@link IllegalArgumentException} naming the wire field.
 * Ranges that depend on the server's configuration (the largest batch or step count, the model's classes) are left
 * to the server, which stays the authority and answers {@link ErrorCode#BAD_REQUEST}.
 *
 * <p>The JSON carries every setting explicitly, so that a request means the same whatever the server's defaults,
 * except those whose default only the server can choose, which are null here when unset: the {@code seed} (random,
 * reported in {@code accepted}), the labels (image i gets i mod 10), the {@code batch} (1, or the number of labels)
 * and the {@code classifier} (the model's own). {@code telemetry} is written only when it is not every step (the
 * protocol's default, and all that servers before the field do), so that such requests still reach those servers.
 *
 * @param model        a registry name: the denoiser
 * @param label        one class for every image (−1 = none), or null
 * @param labels       one class per image, or null; at most one of {@code label} and {@code labels} is set
 * @param batch        images in the job, or null for the server's default
 * @param seed         the noise seed, 0..2⁵³−1, or null for a random one
 * @param sampler      the integrator ({@code sampler.kind})
 * @param steps        respaced steps, ≥ 1 ({@code sampler.steps})
 * @param eta          DDIM's η, 0..1
 * @param guidance     {@code guidance.method}
 * @param scale        class-guidance scale s, 0..100
 * @param classifier   the guidance classifier, or null for the model's default
 * @param entropyFloor h_min of the entropy rule, 0.001..10
 * @param tailScale    {@code guidance.tail.scale}, 0..100
 * @param tau          {@code guidance.tail.tau}, the confidence floor, 0..1
 * @param tMin         {@code guidance.tail.tMin}, 0..1
 * @param x0Lambda     {@code guidance.x0.lambda}, the share of the guidance routed through x̂0, 0..1
 * @param previewEvery images every N steps, 0..1000 (0 = only the last step)
 * @param previewKinds which images ({@code preview.kinds})
 * @param telemetryEvery the classifier's view (entropy, probabilities, gradient norm) every N steps and at the last,
 *                     0..1000 (0 = never; {@code telemetry.every}); 1, every step, is the default
 */
public record GenerateRequestSpec(String model, @Nullable Integer label, @Nullable List<Integer> labels,
        @Nullable Integer batch, @Nullable Long seed, SamplerKind sampler, int steps, double eta,
        GuidanceMethod guidance, double scale, @Nullable String classifier, double entropyFloor, double tailScale,
        double tau, double tMin, double x0Lambda, int previewEvery, Set<PreviewKind> previewKinds,
        int telemetryEvery) {
    private static final Pattern REGISTRY_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public GenerateRequestSpec {
        if (!REGISTRY_NAME.matcher(model).matches()) {
            throw new IllegalArgumentException("model must be a registry name (lowercase letters, digits and '-',"
                    + " at most 64), got '" + model + "'");
        }
        if (label != null && labels != null) throw new IllegalArgumentException("set label or labels, not both");
        if (label != null) checkLabel("label", label);
        if (labels != null) {
            labels = List.copyOf(labels);
            if (labels.isEmpty()) throw new IllegalArgumentException("label must have at least one entry");
            for (int i = 0; i < labels.size(); i++) checkLabel("label[" + i + "]", labels.get(i));
            if (batch != null && labels.size() != batch) {
                throw new IllegalArgumentException("label has " + labels.size() + " entries but batch is " + batch);
            }
        }
        if (batch != null && batch < GenerateDefaults.BATCH_MIN) {
            throw new IllegalArgumentException("batch must be ≥ " + GenerateDefaults.BATCH_MIN + ", got " + batch);
        }
        if (seed != null && (seed < GenerateDefaults.SEED_MIN || seed > GenerateDefaults.SEED_MAX)) {
            throw new IllegalArgumentException("seed must be 0..2⁵³−1 (" + GenerateDefaults.SEED_MAX + "), got "
                    + seed);
        }
        if (steps < GenerateDefaults.STEPS_MIN) {
            throw new IllegalArgumentException("sampler.steps must be ≥ " + GenerateDefaults.STEPS_MIN + ", got "
                    + steps);
        }
        checkRange("sampler.eta", eta, GenerateDefaults.ETA_MIN, GenerateDefaults.ETA_MAX);
        checkRange("guidance.scale", scale, GenerateDefaults.SCALE_MIN, GenerateDefaults.SCALE_MAX);
        if (classifier != null && classifier.isBlank()) {
            throw new IllegalArgumentException("guidance.classifier must not be blank (null means the model's own)");
        }
        checkRange("guidance.entropyFloor", entropyFloor, GenerateDefaults.ENTROPY_FLOOR_MIN,
                GenerateDefaults.ENTROPY_FLOOR_MAX);
        checkRange("guidance.tail.scale", tailScale, GenerateDefaults.TAIL_SCALE_MIN, GenerateDefaults.TAIL_SCALE_MAX);
        checkRange("guidance.tail.tau", tau, GenerateDefaults.TAIL_TAU_MIN, GenerateDefaults.TAIL_TAU_MAX);
        checkRange("guidance.tail.tMin", tMin, GenerateDefaults.TAIL_T_MIN_MIN, GenerateDefaults.TAIL_T_MIN_MAX);
        checkRange("guidance.x0.lambda", x0Lambda, GenerateDefaults.X0_LAMBDA_MIN, GenerateDefaults.X0_LAMBDA_MAX);
        checkRange("preview.every", previewEvery, GenerateDefaults.PREVIEW_EVERY_MIN,
                GenerateDefaults.PREVIEW_EVERY_MAX);
        previewKinds = previewKinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(previewKinds));
        checkRange("telemetry.every", telemetryEvery, GenerateDefaults.TELEMETRY_EVERY_MIN,
                GenerateDefaults.TELEMETRY_EVERY_MAX);
    }

    /** A request with telemetry at every step (the fields before {@code telemetry.every}). */
    public GenerateRequestSpec(String model, @Nullable Integer label, @Nullable List<Integer> labels,
            @Nullable Integer batch, @Nullable Long seed, SamplerKind sampler, int steps, double eta,
            GuidanceMethod guidance, double scale, @Nullable String classifier, double entropyFloor,
            double tailScale, double tau, double tMin, double x0Lambda, int previewEvery,
            Set<PreviewKind> previewKinds) {
        this(model, label, labels, batch, seed, sampler, steps, eta, guidance, scale, classifier, entropyFloor,
                tailScale, tau, tMin, x0Lambda, previewEvery, previewKinds, GenerateDefaults.TELEMETRY_EVERY);
    }

    /** A builder for {@code model} (a registry name) with every other setting at the protocol's default. */
    public static GenerateRequestBuilder builder(String model) {
        return new GenerateRequestBuilder(model);
    }

    /** A builder that starts from this request's settings. */
    public GenerateRequestBuilder toBuilder() {
        return new GenerateRequestBuilder(this);
    }

    /** The number of images: as set, else the number of per-image labels, else 1. */
    public int images() {
        if (batch != null) return batch;
        return labels != null ? labels.size() : 1;
    }

    /** The {@code generate} message, with {@code requestId} (≤ 128 characters) for the server to echo. */
    public ObjectNode toJson(String requestId) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        // The client reconnects and resumes after a dropped socket, so its jobs wait for it (docs/PROTOCOL.md).
        o.put("type", "generate").put("requestId", requestId).put("model", model).put("resumable", true);
        if (label != null) o.put("label", label);
        if (labels != null) labels.forEach(o.putArray("label")::add);
        if (batch != null) o.put("batch", batch);
        if (seed != null) o.put("seed", seed);
        o.putObject("sampler").put("kind", sampler.wireName()).put("steps", steps).put("eta", eta);
        ObjectNode g = o.putObject("guidance").put("method", guidance.wireName()).put("scale", scale);
        if (classifier != null) g.put("classifier", classifier);
        g.put("entropyFloor", entropyFloor);
        g.putObject("tail").put("scale", tailScale).put("tau", tau).put("tMin", tMin);
        g.putObject("x0").put("lambda", x0Lambda);
        ObjectNode p = o.putObject("preview").put("every", previewEvery);
        ArrayNode kinds = p.putArray("kinds");
        for (PreviewKind k : PreviewKind.values()) {
            if (previewKinds.contains(k)) kinds.add(k.wireName());
        }
        // Every step is what servers did before the field existed, and they refuse unknown fields: sent otherwise only.
        if (telemetryEvery != GenerateDefaults.TELEMETRY_EVERY) o.putObject("telemetry").put("every", telemetryEvery);
        return o;
    }

    private static void checkLabel(String field, int value) {
        if (value < -1) throw new IllegalArgumentException(field + " must be ≥ −1 (−1 = no class), got " + value);
    }

    private static void checkRange(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(field + " must be " + format(min) + ".." + format(max) + ", got "
                    + format(value));
        }
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }
}
