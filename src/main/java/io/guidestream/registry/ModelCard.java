package io.guidestream.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.guidestream.diffusion.BetaSchedule;
import io.guidestream.diffusion.BlurPath;
import io.guidestream.nn.NetworkConfig;
import io.guidestream.training.TrainingSpec;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code model.json}: everything needed to load and understand one immutable model version.
 *
 * @param name           registry name
 * @param version        version number (1, 2, …), assigned at publish
 * @param role           what the network does
 * @param network        architecture, enough to rebuild the block
 * @param schedule       β schedule of the diffusion it belongs to
 * @param diffusionSteps T of that diffusion
 * @param numClasses     classes of the labels it takes or predicts (0 for an unconditional denoiser)
 * @param dataset        training data set
 * @param training       the run that produced it, if trained here
 * @param parameters     number of trainable scalars
 * @param metrics        figures measured at publish (accuracy, final loss, …)
 * @param classifier     for denoisers: the classifier used for telemetry and guidance unless a request names one
 * @param sourceRevision git revision of the code that trained it
 * @param created        ISO-8601 publish time
 * @param description    one line for people
 * @param blur           for blur models: the corruption path ({@code null} in cards written before paths were
 *                       recorded, which describe {@link BlurPath.Kind#SMALL_NOISE}); null for other roles
 * @param paramsSha256   SHA-256 of {@code model.params} (hex), written at publish and checked at load; null in a draft
 *                       and in cards published before digests existed (their weights load unchecked)
 */
public record ModelCard(String name, int version, ModelRole role, NetworkConfig network, BetaSchedule schedule,
        int diffusionSteps, int numClasses, String dataset, @Nullable TrainingSpec training, long parameters,
        Map<String, Double> metrics, @Nullable String classifier, String sourceRevision, String created,
        String description, @Nullable BlurPath blur, @Nullable String paramsSha256,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable ImageFolderSource images) {

    public ModelCard {
        metrics = new TreeMap<>(metrics);
    }

    /** A card of a model not trained on an image folder. */
    public ModelCard(String name, int version, ModelRole role, NetworkConfig network, BetaSchedule schedule,
            int diffusionSteps, int numClasses, String dataset, @Nullable TrainingSpec training, long parameters,
            Map<String, Double> metrics, @Nullable String classifier, String sourceRevision, String created,
            String description, @Nullable BlurPath blur, @Nullable String paramsSha256) {
        this(name, version, role, network, schedule, diffusionSteps, numClasses, dataset, training, parameters, metrics,
                classifier, sourceRevision, created, description, blur, paramsSha256, null);
    }

    /** A draft, before the registry assigns its version and records its weights' digest. */
    public ModelCard(String name, int version, ModelRole role, NetworkConfig network, BetaSchedule schedule,
            int diffusionSteps, int numClasses, String dataset, @Nullable TrainingSpec training, long parameters,
            Map<String, Double> metrics, @Nullable String classifier, String sourceRevision, String created,
            String description) {
        this(name, version, role, network, schedule, diffusionSteps, numClasses, dataset, training, parameters, metrics,
                classifier, sourceRevision, created, description, null, null);
    }

    /** A draft of a blur model, with its corruption path. */
    public ModelCard(String name, int version, ModelRole role, NetworkConfig network, BetaSchedule schedule,
            int diffusionSteps, int numClasses, String dataset, @Nullable TrainingSpec training, long parameters,
            Map<String, Double> metrics, @Nullable String classifier, String sourceRevision, String created,
            String description, @Nullable BlurPath blur) {
        this(name, version, role, network, schedule, diffusionSteps, numClasses, dataset, training, parameters, metrics,
                classifier, sourceRevision, created, description, blur, null);
    }

    /** The card as published: its version and the digest of the weights published with it. */
    public ModelCard published(int newVersion, String sha256) {
        return new ModelCard(name, newVersion, role, network, schedule, diffusionSteps, numClasses, dataset, training,
                parameters, metrics, classifier, sourceRevision, created, description, blur, sha256, images);
    }

    /** The corruption path of a blur model (see {@link #blur}). */
    public BlurPath blurPathOrDefault() {
        return BlurPath.orSmallNoise(blur, network.imageSize());
    }

    /** The card with the image folder it was trained on recorded. */
    public ModelCard trainedOn(@Nullable ImageFolderSource folder) {
        return new ModelCard(name, version, role, network, schedule, diffusionSteps, numClasses, dataset, training,
                parameters, metrics, classifier, sourceRevision, created, description, blur, paramsSha256, folder);
    }
}
