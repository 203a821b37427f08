package io.guidestream.evaluator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything that decides an evaluation's numbers, fully resolved (versions, the classifier, the label cycle, the
 * reference set), so that two runs with equal configs give equal metrics. Its {@link #canonical()} form (compact JSON
 * with sorted keys) names the stored result: {@code <model>/<version>/eval/<sha1 of canonical>.json}.
 *
 * @param model           the denoiser
 * @param modelVersion    the version that generated the samples
 * @param n               samples
 * @param seed            evaluation seed
 * @param batch           samples per chunk (noise is drawn per chunk, so it matters)
 * @param labels          the labels cycled over the samples (−1 = none)
 * @param sampler         sampler settings
 * @param guidance        guidance settings, with the classifier resolved, in their stored (flat) shape
 * @param features        features model
 * @param featuresVersion its version
 * @param reference       the reference set and its fingerprint (see {@link ReferenceStats})
 * @param secondFeatures  the second feature space, or null (left out of {@link #canonical()} when null, so that
 *                        configs from before there was one keep their keys)
 * @param secondFeaturesVersion its version, or null
 */
public record EvalConfig(String model, int modelVersion, int n, long seed, int batch, List<Integer> labels,
        GenerateCommand.SamplerSettings sampler, StoredGuidance guidance, String features,
        int featuresVersion, String reference, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String secondFeatures,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer secondFeaturesVersion) {

    private static final ObjectMapper CANONICAL = Json.MAPPER.copy()
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.INDENT_OUTPUT, false);

    public EvalConfig {
        labels = List.copyOf(labels);
    }

    /** Compact JSON with alphabetically sorted keys: equal configs give equal strings. */
    public String canonical() {
        try {
            return CANONICAL.writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an EvalConfig is always serialisable", e);
        }
    }

    /** SHA-1 of {@link #canonical()}, hex: the result's file name. */
    public String key() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(canonical().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JRE", e);
        }
    }
}
