package io.guidestream.torchscript;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.guidestream.diffusion.BetaSchedule;
import io.guidestream.diffusion.ValueRange;
import io.guidestream.json.Json;
import io.guidestream.nn.TorchScriptConfig;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What a person declares about a TorchScript file they import (docs/MODELS.md): the fields of {@code model.json} that
 * the file cannot say for itself. Keys and spellings are the card's; unknown keys are an error.
 *
 * @param role           {@code EPSILON} (an ε-network) or {@code CLASSIFIER} (a noise-aware classifier)
 * @param imageChannels  C
 * @param imageSize      H = W
 * @param numClasses     ε-networks: classes of y (default 0, unconditional); classifiers: logits (required)
 * @param schedule       the β schedule it was trained with, {@code COSINE} or {@code LINEAR}
 * @param diffusionSteps T, its training timesteps
 * @param outputChannels ε-networks: C (default) or 2C with a learned variance
 * @param epsOffset      ε-networks: the first ε channel (default 0)
 * @param timestepType   {@code int64} (default) or {@code float32}
 * @param timestepScale  the network sees t·scale (default 1)
 * @param valueRange     {@code -1..1} (default) or {@code 0..1}
 * @param classifier     ε-networks: the registry's classifier for guidance and telemetry by default (optional)
 * @param description    one line for people (optional)
 * @param dataset        what it was trained on (optional)
 * @param sha256         the file's SHA-256 in hex (optional): an upload that differs is refused
 */
public record ImportCard(ModelRole role, Integer imageChannels, Integer imageSize, @Nullable Integer numClasses,
        BetaSchedule schedule, Integer diffusionSteps, @Nullable Integer outputChannels, @Nullable Integer epsOffset,
        TorchScriptConfig.@Nullable TimestepType timestepType, @Nullable Double timestepScale,
        @Nullable ValueRange valueRange, @Nullable String classifier, @Nullable String description,
        @Nullable String dataset, @Nullable String sha256) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    public ImportCard {
        require(role == ModelRole.EPSILON || role == ModelRole.CLASSIFIER, "role", "EPSILON or CLASSIFIER", role);
        require(imageChannels != null, "imageChannels", "given", null);
        require(imageSize != null, "imageSize", "given", null);
        require(schedule != null, "schedule", "COSINE or LINEAR", null);
        require(diffusionSteps != null && diffusionSteps >= 1 && diffusionSteps <= 4000, "diffusionSteps", "1..4000",
                diffusionSteps);
        boolean eps = role == ModelRole.EPSILON;
        require(eps || numClasses != null && numClasses >= 2, "numClasses", "2.. for a classifier", numClasses);
        require(eps || outputChannels == null, "outputChannels", "absent for a classifier (its output is"
                + " B×numClasses)", outputChannels);
        require(eps || epsOffset == null, "epsOffset", "absent for a classifier", epsOffset);
        require(eps || classifier == null, "classifier", "absent for a classifier", classifier);
        require(classifier == null || NAME.matcher(classifier).matches(), "classifier", "a registry name", classifier);
        require(description == null || description.length() <= 500, "description", "at most 500 characters",
                description == null ? 0 : description.length());
        require(dataset == null || dataset.length() <= 100, "dataset", "at most 100 characters",
                dataset == null ? 0 : dataset.length());
        require(sha256 == null || HEX64.matcher(sha256).matches(), "sha256", "64 hex digits", sha256);
    }

    private static void require(boolean ok, String field, String allowed, @Nullable Object got) {
        if (!ok) throw new IllegalArgumentException(field + " must be " + allowed + ", got " + got);
    }

    /**
     * Reads a card from JSON.
     *
     * @throws ImportRefusedException {@link ImportProblem#INVALID_CARD}, naming the field
     */
    public static ImportCard parse(String json) {
        try {
            ImportCard card = Json.read(json, ImportCard.class);
            card.network(); // the network's own checks (channels, timestep conventions) name their fields too
            return card;
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : "[" + r.getIndex() + "]").collect(Collectors.joining("."));
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String detail = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw invalid((field.isEmpty() || detail.startsWith(field) ? "" : field + ": ") + detail);
        } catch (JsonProcessingException e) {
            throw invalid("not JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        } catch (java.io.IOException e) {
            throw invalid(e.getMessage());
        }
    }

    private static ImportRefusedException invalid(String detail) {
        return new ImportRefusedException(ImportProblem.INVALID_CARD, "the card is not valid: " + detail);
    }

    /** How the service calls the file. */
    public TorchScriptConfig network() {
        boolean eps = role == ModelRole.EPSILON;
        return new TorchScriptConfig(imageChannels, imageSize, numClasses == null ? 0 : numClasses,
                eps ? (outputChannels == null ? imageChannels : outputChannels) : 0,
                epsOffset == null ? 0 : epsOffset,
                timestepType == null ? TorchScriptConfig.TimestepType.INT64 : timestepType,
                timestepScale == null ? 1 : timestepScale, valueRange == null ? ValueRange.SIGNED : valueRange);
    }

    /** The card to publish under {@code name} (the registry assigns the version and the digest). */
    public ModelCard draft(String name, long parameters, String sourceRevision) {
        TorchScriptConfig net = network();
        String what = role == ModelRole.EPSILON ? "ε-network" : "noise-aware classifier";
        return new ModelCard(name, 0, role, net, schedule, diffusionSteps, net.numClasses(),
                dataset == null ? "" : dataset, null, parameters, Map.of(), classifier, sourceRevision,
                ModelRegistry.now(), description != null ? description : "imported TorchScript " + what + ", "
                        + net.imageShape());
    }
}
