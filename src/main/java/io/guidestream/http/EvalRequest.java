package io.guidestream.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.bus.EvalCommand;
import io.guidestream.bus.GenerateCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses and validates a {@code POST /api/eval} body (docs/PROTOCOL.md) into an {@link EvalCommand}. The
 * {@code sampler} and {@code guidance} objects are read by {@link GenerateRequest}'s parsers, so an evaluation takes
 * exactly the settings, defaults and ranges of a {@code generate} request. Every error names the field and its range.
 * Public because the {@code eval} command line goes through the same parser.
 */
public final class EvalRequest {
    /** Improved precision/recall needs more than k = 3 samples, and FID at least 2. */
    public static final int MIN_SAMPLES = 4;
    public static final int MAX_SAMPLES = 50_000;
    public static final int DEFAULT_SAMPLES = 1000;
    public static final int DEFAULT_BATCH = 64;
    public static final int MAX_BATCH = 256;
    public static final int MAX_LABELS = 1000;
    public static final String DEFAULT_FEATURES = "fashion-features";

    private EvalRequest() {
    }

    public static EvalCommand parse(JsonNode body, String jobId, GenerateRequest.Limits limits) {
        Fields f = new Fields(body, "");
        String model = f.registryName("model", null);
        int n = (int) f.integer("n", DEFAULT_SAMPLES, MIN_SAMPLES, MAX_SAMPLES);
        long seed = f.integer("seed", 0, 0, (1L << 53) - 1);
        int batch = (int) f.integer("batch", Math.min(DEFAULT_BATCH, n), 1, MAX_BATCH);
        List<Integer> labels = labels(f.raw("labels"));
        GenerateCommand.SamplerSettings sampler = GenerateRequest.sampler(f.object("sampler"), limits);
        GenerateCommand.GuidanceSettings guidance = GenerateRequest.guidance(f.object("guidance"));
        String features = f.registryName("features", DEFAULT_FEATURES);
        String second = f.registryName("secondFeatures", EvalCommand.DEFAULT_SECOND);
        f.rejectUnknown();
        return new EvalCommand(jobId, model, n, seed, batch, labels, sampler, guidance, features, second);
    }

    /** {@code labels}: an optional array of 1..{@value #MAX_LABELS} classes (−1 = none), cycled over the samples. */
    private static List<Integer> labels(JsonNode node) {
        List<Integer> out = new ArrayList<>();
        if (node == null || node.isNull()) return out;
        if (!node.isArray()) throw new BadRequestException("labels must be an array of integers -1.."
                + GenerateRequest.MAX_LABEL + ", got " + Fields.kind(node));
        if (node.size() < 1 || node.size() > MAX_LABELS) {
            throw new BadRequestException("labels must have 1.." + MAX_LABELS + " entries, got " + node.size());
        }
        for (int i = 0; i < node.size(); i++) {
            out.add((int) Fields.integerValue(node.get(i), "labels[" + i + "]", -1, GenerateRequest.MAX_LABEL));
        }
        return out;
    }
}
