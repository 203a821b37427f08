package io.guidestream.evaluator;

import io.guidestream.bus.ErrorCode;
import io.guidestream.data.ImageFolder;
import io.guidestream.data.LabelledImages;
import io.guidestream.registry.ImageFolderSource;
import io.guidestream.registry.ModelCard;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The images a feature space's reference statistics come from: the data set its FEATURES model was trained on. For a
 * model trained on an image folder, the reference split its card records ({@link ImageFolderSource}); for every
 * other (the Fashion-MNIST feature networks, imported ones), the Fashion-MNIST test set, as before image folders.
 *
 * @param name        how an evaluation's config names the set ({@code fashion-mnist test}, {@code images:<name> test})
 * @param split       the split, which names the cache files ({@code reference-<split>-<fingerprint>.*})
 * @param recorded    the fingerprint a card recorded for the images, or null when only the images say it
 * @param images      loads the images (only called when the cache does not answer)
 */
record ReferenceSet(String name, String split, @Nullable String recorded, Supplier<LabelledImages> images) {

    /** The reference of the feature space {@code features}; {@code fashionTest} loads the Fashion-MNIST test set. */
    static ReferenceSet of(ModelCard features, Supplier<LabelledImages> fashionTest) {
        ImageFolderSource folder = features.images();
        if (folder == null) return new ReferenceSet(ReferenceStats.SET, "test", null, fashionTest);
        return new ReferenceSet(folder.referenceSet(), folder.referenceSplit(), folder.referenceFingerprint(),
                () -> load(features, folder));
    }

    /** The images' fingerprint: the recorded one, else the images' own (which loads them). */
    String fingerprint() {
        return recorded != null ? recorded : images.get().fingerprint();
    }

    /** The name of the data set the reference images belong to, to compare with a generative model's. */
    static String dataSetOf(ModelCard card) {
        return card.images() != null ? card.images().dataset() + " (" + card.images().referenceFingerprint() + ")"
                : card.dataset();
    }

    private static LabelledImages load(ModelCard features, ImageFolderSource folder) {
        LabelledImages images;
        try {
            images = ImageFolder.load(folder.referenceDir());
        } catch (RuntimeException e) {
            throw new EvaluationException(ErrorCode.BAD_REQUEST, "the reference images of features '"
                    + features.name() + "' v" + features.version() + " (" + folder.referenceDir() + ", the "
                    + folder.referenceSplit() + " split of the folder it was trained on) cannot be read: "
                    + e.getMessage());
        }
        if (!images.fingerprint().equals(folder.referenceFingerprint())) {
            throw new EvaluationException(ErrorCode.BAD_REQUEST, folder.referenceDir() + " has changed since features '"
                    + features.name() + "' v" + features.version() + " was trained on it (" + images.size()
                    + " images of fingerprint " + images.fingerprint() + ", its card records "
                    + folder.referenceImages() + " of " + folder.referenceFingerprint() + "): its reference"
                    + " statistics would not be those of the data set it learned");
        }
        return images;
    }
}
