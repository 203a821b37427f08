package io.guidestream.trainer;

import ai.djl.ndarray.NDManager;
import io.guidestream.bus.PublishMode;
import io.guidestream.data.LabelledImages;
import io.guidestream.nn.AutoencoderConfig;
import io.guidestream.nn.BlockConfig;
import io.guidestream.registry.ImageFolderSource;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
import io.guidestream.training.ObjectiveKind;
import io.guidestream.training.RunExport;
import io.guidestream.training.TrainingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Publishes a training run's EMA weights (final, or its latest checkpoint) as a new registry version, with a card, the
 * loss log, and its held-out figures: for classifiers the test accuracy at several noise levels, for ε models the
 * held-out DSM loss. Used by the training verticle and the {@code train} and {@code publish} commands alike.
 */
public final class ModelPublisher {
    static final String DEFAULT_CLASSIFIER = "fashion-clf";
    private final ModelRegistry registry;
    private final @Nullable LabelledImages testSet;
    private final String dataset;
    private final @Nullable ImageFolderSource images;
    private final String sourceRevision;

    /** A publisher of Fashion-MNIST runs, whose held-out figures are measured on {@code testSet}. */
    public ModelPublisher(ModelRegistry registry, LabelledImages testSet, String sourceRevision) {
        this(registry, testSet, "fashion-mnist", null, sourceRevision);
    }

    /**
     * @param testSet held-out images of the same shape and classes as the training data, or null when there are none
     *                (an image folder without a {@code test/} split): the card then has no held-out figures
     * @param dataset what the card says the model was trained on
     * @param images  the image folder it was trained on, recorded in the card; null for Fashion-MNIST
     */
    public ModelPublisher(ModelRegistry registry, @Nullable LabelledImages testSet, String dataset,
            @Nullable ImageFolderSource images, String sourceRevision) {
        this.registry = registry;
        this.testSet = testSet;
        this.dataset = dataset;
        this.images = images;
        this.sourceRevision = sourceRevision;
    }

    /**
     * Publishes the run as a new version. With {@link PublishMode#DEFAULT} it also becomes the default unless its
     * held-out figures are worse than the current default's ({@code allowWorse} overrides that); the publication
     * says which, and why ({@link DefaultPolicy}).
     */
    public ModelRegistry.Publication publish(TrainingSpec spec, Path runDir, PublishMode mode, boolean allowWorse)
            throws IOException {
        RunExport.Exported exported = RunExport.export(spec, runDir);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("trainedSteps", (double) exported.step());
        if (testSet != null) metrics.putAll(HeldOutFigures.measure(spec, exported.params(), testSet));
        Path log = Files.writeString(runDir.resolve("published-train-log.csv"), exported.lossLog());
        return registry.publish(card(spec, metrics, exported.step()),
                Map.of(ModelVersion.PARAMS, exported.params(), ModelVersion.LOSS_LOG, log),
                new DefaultPolicy(mode, allowWorse));
    }

    ModelCard card(TrainingSpec spec, Map<String, Double> metrics, long step) {
        BlockConfig net = spec.network();
        ModelRole role = switch (spec.objective()) {
            case EPS, STF -> ModelRole.EPSILON;
            case SOFT -> ModelRole.BLUR;
            case CE, ECT -> ModelRole.CLASSIFIER;
            case FEATURES, AUTOENCODER -> ModelRole.FEATURES;
        };
        int classes = net.numClasses();
        // A noise-aware classifier reads Gaussian noise levels, not blur levels: blur models get no default one.
        String classifier = spec.objective().denoiser() && role != ModelRole.BLUR ? defaultClassifier(spec.model(), net)
                : null;
        long params;
        try (NDManager m = NDManager.newBaseManager()) {
            params = BlockConfig.parameterCount(net.create(m));
        }
        return new ModelCard(spec.model(), 0, role, net, spec.schedule(), spec.diffusionSteps(), classes,
                dataset, spec, params, metrics, classifier, sourceRevision, ModelRegistry.now(),
                description(spec, classes, step), role == ModelRole.BLUR ? spec.blurPathOrDefault() : null)
                .trainedOn(images);
    }

    /**
     * A new denoiser version keeps its predecessor's classifier; a first one gets fashion-clf if it exists and reads
     * images of its shape.
     */
    private @Nullable String defaultClassifier(String model, BlockConfig net) {
        var previous = registry.find(model);
        if (previous.isPresent()) return previous.get().card().classifier();
        return registry.find(DEFAULT_CLASSIFIER).filter(c -> c.card().network().imageShape().equals(net.imageShape()))
                .isPresent() ? DEFAULT_CLASSIFIER : null;
    }

    private static String description(TrainingSpec spec, int classes, long step) {
        return switch (spec.objective()) {
            case EPS -> (classes > 0 ? "class-conditional" : "unconditional") + " ε-prediction U-Net, " + step
                    + " steps of batch " + spec.batch();
            case STF -> (classes > 0 ? "class-conditional" : "unconditional") + " ε-prediction U-Net trained on "
                    + "Stable Target Field targets (" + spec.stfReference() + " references), " + step
                    + " steps of batch " + spec.batch();
            case SOFT -> (classes > 0 ? "class-conditional" : "unconditional") + " blur diffusion (Soft Diffusion, "
                    + spec.diffusionSteps() + " levels), x0-prediction U-Net, " + step + " steps of batch "
                    + spec.batch();
            case CE -> "noise-aware classifier (cross-entropy on noised inputs), " + step + " steps";
            case ECT -> "noise-aware classifier with ED-DPM's entropy constraint (γ = " + spec.ectGamma() + "), "
                    + step + " steps";
            case FEATURES -> "clean-image classifier (trained on left-right flips too); its penultimate layer is the "
                    + "evaluation feature space";
            case AUTOENCODER -> "convolutional autoencoder of clean images (no labels); its " + ((AutoencoderConfig) spec
                    .network()).codeDim() + "-d code is the second evaluation feature space";
        };
    }
}
