package io.guidestream.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code GET /api/models/{name}}'s {@code metrics} and {@code submittedMetrics} (docs/PROTOCOL.md) into
 * {@link StoredEvaluation}s, oldest first. Strict about the fields a comparison needs, lenient about the rest, since
 * stored results only ever gain fields.
 */
final class EvaluationsWire {
    private EvaluationsWire() {
    }

    static List<StoredEvaluation> read(String body) {
        JsonNode card = Wire.parse(body);
        List<StoredEvaluation> out = new ArrayList<>();
        addAll(out, card.path("metrics"), false);
        addAll(out, card.path("submittedMetrics"), true);
        out.sort(Comparator.comparing(StoredEvaluation::created));
        return List.copyOf(out);
    }

    private static void addAll(List<StoredEvaluation> out, JsonNode metricsFile, boolean submitted) {
        metricsFile.path("evaluations").fields().forEachRemaining(e -> out.add(entry(e.getKey(), e.getValue(),
                submitted)));
    }

    private static StoredEvaluation entry(String key, JsonNode e, boolean submitted) {
        JsonNode config = e.path("config");
        JsonNode metrics = e.path("metrics");
        JsonNode guidance = config.path("guidance");
        JsonNode sampler = config.path("sampler");
        JsonNode accuracy = metrics.path("accuracy");
        String classifier = guidance.path("classifier").asText("");
        JsonNode second = metrics.path("second");
        return new StoredEvaluation(key, text(config, "model", key), config.path("modelVersion").asInt(), submitted,
                e.path("summary").asText(""), config.path("seed").asLong(), config.path("n").asInt(),
                constant(SamplerKind.class, text(sampler, "kind", key), key),
                sampler.path("steps").asInt(), constant(GuidanceMethod.class, text(guidance, "method", key), key),
                guidance.path("scale").asDouble(), classifier.isEmpty() ? null : classifier,
                guidance.path("tailScale").asDouble(), guidance.path("x0Lambda").asDouble(),
                guidance.path("entropyFloor").asDouble(), accuracy.isNumber() ? accuracy.doubleValue() : null,
                scores(metrics, text(config, "features", key), config.path("featuresVersion").asInt(), key),
                second.isObject() ? scores(second, text(second, "features", key), second.path("featuresVersion")
                        .asInt(), key) : null,
                e.path("seconds").asDouble(), e.path("created").asText(""));
    }

    private static StoredEvaluation.Scores scores(JsonNode m, String space, int version, String key) {
        return new StoredEvaluation.Scores(space, version, number(m, "fid", key), number(m, "precision", key),
                number(m, "recall", key));
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String wire, String key) {
        try {
            return Enum.valueOf(type, wire.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw protocol("evaluation " + key + " has an unknown " + type.getSimpleName() + " " + wire);
        }
    }

    private static String text(JsonNode m, String field, String key) {
        JsonNode v = m.get(field);
        if (v == null || !v.isTextual()) throw protocol("evaluation " + key + " without " + field);
        return v.textValue();
    }

    private static double number(JsonNode m, String field, String key) {
        @Nullable JsonNode v = m.get(field);
        if (v == null || !v.isNumber()) throw protocol("evaluation " + key + " without a number " + field);
        return v.doubleValue();
    }

    private static GuidestreamException protocol(String what) {
        return new GuidestreamException(ErrorCode.PROTOCOL, "the server sent " + what);
    }
}
