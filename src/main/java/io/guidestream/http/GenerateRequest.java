package io.guidestream.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.bus.PreviewKind;
import io.guidestream.bus.SamplerKind;
import io.guidestream.protocol.GenerateDefaults;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Parses and validates a {@code generate} message (docs/PROTOCOL.md) into a {@link GenerateCommand}. The defaults
 * and ranges are {@link GenerateDefaults}'s, and every error names the field and its allowed range.
 */
public final class GenerateRequest {
    public static final int MAX_LABEL = 999;

    private GenerateRequest() {
    }

    /** The parsed request: the client's id for it (echoed back) and the command for the sampler. */
    /**
     * @param resumable whether the job outlives a dropped socket (for {@code resume}); otherwise it is cancelled as
     *                  soon as its socket closes, freeing the sampler at its next step
     */
    public record Parsed(String requestId, GenerateCommand command, boolean resumable) {
    }

    public record Limits(int maxSteps, int maxBatch) {
    }

    /** {@code replyAddress}: where the sampler is to send the job's frames and events (the gateway's job address). */
    public static Parsed parse(JsonNode message, String jobId, String replyAddress, Limits limits) {
        Fields f = new Fields(message, "");
        f.string("type", null, 16);
        String requestId = f.string("requestId", "", 128);
        String model = f.registryName("model", null);
        List<Integer> labels = labels(f, limits);
        long seed = f.integer("seed", ThreadLocalRandom.current().nextLong(0, 1L << 53), GenerateDefaults.SEED_MIN,
                GenerateDefaults.SEED_MAX);
        GenerateCommand.SamplerSettings sampler = sampler(f.object("sampler"), limits);
        GenerateCommand.GuidanceSettings guidance = guidance(f.object("guidance"));
        GenerateCommand.PreviewSettings preview = preview(f.object("preview"));
        GenerateCommand.TelemetrySettings telemetry = telemetry(f.object("telemetry"));
        boolean resumable = f.bool("resumable", false);
        f.rejectUnknown();
        return new Parsed(requestId, new GenerateCommand(jobId, replyAddress, model, labels, seed, sampler,
                guidance, preview, telemetry), resumable);
    }

    /** {@code label}: one int for every item, or an array of {@code batch} ints; omitted means item i gets i mod 10. */
    private static List<Integer> labels(Fields f, Limits limits) {
        int batch = (int) f.integer("batch", GenerateDefaults.BATCH, GenerateDefaults.BATCH_MIN, limits.maxBatch());
        JsonNode label = f.raw("label");
        List<Integer> out = new ArrayList<>();
        if (label == null || label.isNull()) {
            for (int i = 0; i < batch; i++) out.add(i % 10);
        } else if (label.isArray()) {
            if (f.has("batch") && label.size() != batch) {
                throw new BadRequestException("label has " + label.size() + " entries but batch is " + batch);
            }
            if (label.size() < 1 || label.size() > limits.maxBatch()) {
                throw new BadRequestException("label must have 1.." + limits.maxBatch() + " entries, got "
                        + label.size());
            }
            for (int i = 0; i < label.size(); i++) {
                out.add((int) Fields.integerValue(label.get(i), "label[" + i + "]", -1, MAX_LABEL));
            }
        } else {
            int y = (int) Fields.integerValue(label, "label", -1, MAX_LABEL);
            for (int i = 0; i < batch; i++) out.add(y);
        }
        return out;
    }

    /** {@code sampler}: shared with {@link EvalRequest}, so both name the same defaults and ranges. */
    static GenerateCommand.SamplerSettings sampler(Fields s, Limits limits) {
        SamplerKind kind = enumValue(s, "kind", SamplerKind.class, SamplerKind.DDIM);
        int steps = (int) s.integer("steps", Math.min(GenerateDefaults.STEPS, limits.maxSteps()),
                GenerateDefaults.STEPS_MIN, limits.maxSteps());
        double eta = s.number("eta", GenerateDefaults.ETA, GenerateDefaults.ETA_MIN, GenerateDefaults.ETA_MAX);
        s.rejectUnknown();
        return new GenerateCommand.SamplerSettings(kind, steps, eta);
    }

    /** {@code guidance} with its {@code tail} and {@code x0} sub-objects: shared with {@link EvalRequest}. */
    static GenerateCommand.GuidanceSettings guidance(Fields g) {
        GuidanceMethod method = enumValue(g, "method", GuidanceMethod.class, GuidanceMethod.NONE);
        double scale = g.number("scale", GenerateDefaults.SCALE, GenerateDefaults.SCALE_MIN,
                GenerateDefaults.SCALE_MAX);
        String classifier = g.optionalRegistryName("classifier");
        double entropyFloor = g.number("entropyFloor", GenerateDefaults.ENTROPY_FLOOR,
                GenerateDefaults.ENTROPY_FLOOR_MIN, GenerateDefaults.ENTROPY_FLOOR_MAX);
        GenerateCommand.GuidanceSettings.Tail tail = tail(g.object("tail"));
        GenerateCommand.GuidanceSettings.X0 x0 = x0(g.object("x0"));
        g.rejectUnknown();
        return new GenerateCommand.GuidanceSettings(method, scale, classifier, entropyFloor, tail, x0);
    }

    private static GenerateCommand.GuidanceSettings.Tail tail(Fields t) {
        double scale = t.number("scale", GenerateDefaults.TAIL_SCALE, GenerateDefaults.TAIL_SCALE_MIN,
                GenerateDefaults.TAIL_SCALE_MAX);
        double tau = t.number("tau", GenerateDefaults.TAIL_TAU, GenerateDefaults.TAIL_TAU_MIN,
                GenerateDefaults.TAIL_TAU_MAX);
        double tMin = t.number("tMin", GenerateDefaults.TAIL_T_MIN, GenerateDefaults.TAIL_T_MIN_MIN,
                GenerateDefaults.TAIL_T_MIN_MAX);
        t.rejectUnknown();
        return new GenerateCommand.GuidanceSettings.Tail(scale, tau, tMin);
    }

    private static GenerateCommand.GuidanceSettings.X0 x0(Fields x) {
        double lambda = x.number("lambda", GenerateDefaults.X0_LAMBDA, GenerateDefaults.X0_LAMBDA_MIN,
                GenerateDefaults.X0_LAMBDA_MAX);
        x.rejectUnknown();
        return new GenerateCommand.GuidanceSettings.X0(lambda);
    }

    private static GenerateCommand.PreviewSettings preview(Fields p) {
        int every = (int) p.integer("every", GenerateDefaults.PREVIEW_EVERY, GenerateDefaults.PREVIEW_EVERY_MIN,
                GenerateDefaults.PREVIEW_EVERY_MAX);
        Set<PreviewKind> kinds = EnumSet.allOf(PreviewKind.class);
        JsonNode k = p.raw("kinds");
        if (k != null && !k.isNull()) {
            if (!k.isArray()) throw new BadRequestException("preview.kinds must be an array of \"xt\", \"x0\"");
            kinds = EnumSet.noneOf(PreviewKind.class);
            for (JsonNode v : k) {
                try {
                    kinds.add(PreviewKind.fromWire(v.asText()));
                } catch (IllegalArgumentException e) {
                    throw new BadRequestException("preview.kinds entries must be \"xt\" or \"x0\", got " + v);
                }
            }
        }
        p.rejectUnknown();
        return new GenerateCommand.PreviewSettings(every, kinds);
    }

    /** {@code telemetry}: the classifier's view every N steps and at the last (1, today's behaviour), or 0 never. */
    private static GenerateCommand.TelemetrySettings telemetry(Fields t) {
        int every = (int) t.integer("every", GenerateDefaults.TELEMETRY_EVERY, GenerateDefaults.TELEMETRY_EVERY_MIN,
                GenerateDefaults.TELEMETRY_EVERY_MAX);
        t.rejectUnknown();
        return new GenerateCommand.TelemetrySettings(every);
    }

    private static <E extends Enum<E>> E enumValue(Fields f, String key, Class<E> type, E fallback) {
        String s = f.string(key, fallback.name().toLowerCase(Locale.ROOT), 32);
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(s)) return e;
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) names.add(e.name().toLowerCase(Locale.ROOT));
        throw new BadRequestException(f.name(key) + " must be one of " + String.join(", ", names) + ", got '" + s + "'");
    }
}
