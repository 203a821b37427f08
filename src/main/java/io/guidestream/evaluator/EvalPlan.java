package io.guidestream.evaluator;

import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.EvalCommand;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
import io.guidestream.sampling.JobPlan;
import io.guidestream.sampling.SamplingException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an evaluation request refers to, resolved against the registry before the job is queued, so that an unknown
 * model or a label out of range is answered at once (404 / 400) rather than after a wait in the queue. Reads a few
 * small files and touches no network: safe on an event loop.
 *
 * @param model      the denoiser's default version when the request was checked
 * @param features   the features model's default version
 * @param second     the second feature space's default version, or null for none (asked for, or the default
 *                   autoencoder missing from the registry)
 * @param classifier the noise-aware classifier for guidance and telemetry (the request's, else the model's
 *                   default), or null when there is none
 * @param labelCycle the labels cycled over the samples: the request's list; else 0..C−1 for conditional or guided
 *                   runs (balanced classes); else [−1] (unconditional)
 * @param dataNote   null when the model's card names the data set the features model was trained on (whose images
 *                   are the reference); else a plain statement that the metrics measure the samples against another
 *                   data set's images (an imported model, one trained on an image folder and read by the Fashion-MNIST
 *                   feature networks, …)
 */
public record EvalPlan(ModelVersion model, ModelVersion features, @Nullable ModelVersion second,
        @Nullable String classifier, List<Integer> labelCycle, @Nullable String dataNote) {

    public EvalPlan {
        labelCycle = List.copyOf(labelCycle);
    }

    /** The label of sample {@code i}. */
    public int label(int i) {
        return labelCycle.get(i % labelCycle.size());
    }

    /** The request's guidance with the classifier resolved, as every chunk runs it and the stored config names it. */
    public GenerateCommand.GuidanceSettings guidance(EvalCommand cmd) {
        return cmd.guidance().withClassifier(classifier);
    }

    /** @throws EvaluationException naming what is wrong (UNKNOWN_MODEL for missing names, else BAD_REQUEST) */
    public static EvalPlan resolve(ModelRegistry registry, EvalCommand cmd) {
        ModelVersion model = find(registry, cmd.model(), "model");
        ModelCard card = model.card();
        if (!card.role().denoiser()) {
            throw bad("model '" + cmd.model() + "' is a " + card.role() + " model; expected a denoiser");
        }
        ModelVersion features = find(registry, cmd.features(), "features");
        if (features.card().role() != ModelRole.FEATURES) {
            throw bad("features '" + cmd.features() + "' is a " + features.card().role()
                    + " model; expected a FEATURES model");
        }
        requireFeaturesFor(card, features.card(), "features");
        ModelVersion second = second(registry, cmd, card, features.card());
        try {
            JobPlan.sampler(cmd.sampler(), card);
        } catch (SamplingException e) {
            throw new EvaluationException(e.code(), e.getMessage());
        }
        String classifier = cmd.guidance().classifier() != null ? cmd.guidance().classifier() : card.classifier();
        int classes = card.numClasses();
        if (classifier != null) {
            ModelVersion clf = find(registry, classifier, "guidance.classifier");
            if (clf.card().role() != ModelRole.CLASSIFIER) {
                throw bad("guidance.classifier '" + classifier + "' is a " + clf.card().role()
                        + " model; expected a CLASSIFIER");
            }
            try {
                JobPlan.requireCompatibleClassifier(card, clf.card());
            } catch (SamplingException e) {
                throw new EvaluationException(e.code(), e.getMessage());
            }
            classes = clf.card().numClasses();
        }
        boolean guided = cmd.guidance().method() != GuidanceMethod.NONE;
        if (guided && classifier == null) {
            throw bad("guidance.classifier is required: model " + card.name() + " has no default classifier");
        }
        return new EvalPlan(model, features, second, classifier, labels(cmd, card, classes, guided),
                dataNote(card, features.card()));
    }

    /**
     * The reference images are those of the data set the features model was trained on ({@link ReferenceSet}). When
     * the model's card names another data set, or none it can be matched by, the metrics still mean something (how
     * close the samples come to those images, read in that network's space), but not what they mean for a model of
     * that data set: the result says so.
     */
    static @Nullable String dataNote(ModelCard model, ModelCard features) {
        String made = ReferenceSet.dataSetOf(model);
        String read = ReferenceSet.dataSetOf(features);
        if (made.equals(read)) return null;
        return "model '" + model.name() + "' was trained on " + (made.isBlank() ? "a data set its card does not name"
                : made) + ", but the reference images are " + referenceName(features) + ", the data set of features '"
                + features.name() + "': FID, sFID, precision and recall measure how close the samples come to those"
                + " images, and accuracy reads that network's classes as the model's";
    }

    private static String referenceName(ModelCard features) {
        return features.images() == null ? ReferenceStats.SET : features.images().referenceSet() + " ("
                + features.images().referenceDir() + ")";
    }

    /**
     * The metrics are measured in a feature network's space, against the reference images it reads: it must read the
     * model's images. When no FEATURES model reads them (an imported 3×32×32 model and the Fashion-MNIST feature
     * networks), nothing can be measured, and the refusal says so rather than compare unlike images.
     */
    private static void requireFeaturesFor(ModelCard model, ModelCard features, String field) {
        String made = model.network().imageShape();
        String read = features.network().imageShape();
        if (!made.equals(read)) {
            throw bad(field + " '" + features.name() + "' reads " + read + " images, but model '" + model.name()
                    + "' makes " + made + ": FID, IS, precision, recall and accuracy are measured by a FEATURES model"
                    + " that reads the samples, against its reference images, so they need one of " + made + " images;"
                    + " with none, none of them is measured (docs/MODELS.md, Evaluation)");
        }
    }

    private static @Nullable ModelVersion second(ModelRegistry registry, EvalCommand cmd, ModelCard model,
            ModelCard features) {
        String name = cmd.secondFeatures();
        if (name.equals(EvalCommand.NO_SECOND)) return null;
        boolean byDefault = name.equals(EvalCommand.DEFAULT_SECOND);
        if (byDefault && registry.find(name).filter(v -> v.card().network().imageShape()
                .equals(model.network().imageShape()) && sameData(v.card(), features)).isEmpty()) {
            return null; // the default second space is skipped where it is missing, reads other images or other data
        }
        ModelVersion second = find(registry, name, "secondFeatures");
        requireFeaturesFor(model, second.card(), "secondFeatures");
        if (!sameData(second.card(), features)) {
            throw bad("secondFeatures '" + name + "' was trained on " + ReferenceSet.dataSetOf(second.card())
                    + " and features '" + features.name() + "' on " + ReferenceSet.dataSetOf(features)
                    + ": each space measures against its own data set's images, so the two would not measure the"
                    + " same thing");
        }
        if (second.card().role() != ModelRole.FEATURES) {
            throw bad("secondFeatures '" + name + "' is a " + second.card().role()
                    + " model; expected a FEATURES model");
        }
        if (name.equals(cmd.features())) throw bad("secondFeatures must differ from features ('" + name + "')");
        return second;
    }

    private static boolean sameData(ModelCard a, ModelCard b) {
        return ReferenceSet.dataSetOf(a).equals(ReferenceSet.dataSetOf(b));
    }

    private static List<Integer> labels(EvalCommand cmd, ModelCard card, int classes, boolean guided) {
        for (int i = 0; i < cmd.labels().size(); i++) {
            int y = cmd.labels().get(i);
            int min = guided ? 0 : -1;
            if (y < min || y >= classes) {
                throw bad("labels[" + i + "] must be " + min + ".." + (classes - 1)
                        + (guided ? " (guidance needs a class)" : " (-1 = none)") + ", got " + y);
            }
        }
        if (!cmd.labels().isEmpty()) return cmd.labels();
        if (card.numClasses() == 0 && !guided) return List.of(-1);
        List<Integer> balanced = new ArrayList<>();
        for (int y = 0; y < (card.numClasses() > 0 ? card.numClasses() : classes); y++) balanced.add(y);
        return balanced;
    }

    private static ModelVersion find(ModelRegistry registry, String name, String field) {
        return registry.find(name).orElseThrow(() -> new EvaluationException(ErrorCode.UNKNOWN_MODEL, field + " '"
                + name + "' is not in the registry; known: " + String.join(", ", registry.index().models().keySet())));
    }

    private static EvaluationException bad(String message) {
        return new EvaluationException(ErrorCode.BAD_REQUEST, message);
    }
}
