package io.guidestream.registry;

import java.nio.file.Path;

/**
 * The image folder a model was trained on, recorded in its card so that evaluation in its feature space can read the
 * same data set's images again as the reference: the folder, the split that serves as reference images, and that
 * split's fingerprint ({@link io.guidestream.data.LabelledImages#fingerprint()}), which also tells two models trained
 * on the same images wherever the folder lies.
 *
 * @param folder               the folder given to {@code train --images}, absolute
 * @param referenceSplit       {@value #HELD_OUT} when the folder has {@code train/} and {@code test/}: the held-out
 *                             images; else {@value #WHOLE}: the folder's own (training) images
 * @param referenceFingerprint the fingerprint of the reference split's images and labels
 * @param referenceImages      how many images the reference split holds
 */
public record ImageFolderSource(String folder, String referenceSplit, String referenceFingerprint,
        int referenceImages) {
    public static final String HELD_OUT = "test";
    public static final String WHOLE = "train";

    public ImageFolderSource {
        if (!referenceSplit.equals(HELD_OUT) && !referenceSplit.equals(WHOLE)) {
            throw new IllegalArgumentException("referenceSplit must be " + HELD_OUT + " or " + WHOLE + ", got "
                    + referenceSplit);
        }
    }

    /** The folder whose class subfolders hold the reference images. */
    public Path referenceDir() {
        Path root = Path.of(folder);
        return referenceSplit.equals(HELD_OUT) ? root.resolve(HELD_OUT) : root;
    }

    /** {@code images:<folder's name>}, the name a card's {@code dataset} gives the folder. */
    public String dataset() {
        return datasetName(Path.of(folder));
    }

    /** The name a card gives the image folder {@code dir}. */
    public static String datasetName(Path dir) {
        return "images:" + dir.toAbsolutePath().normalize().getFileName();
    }

    /**
     * The reference set's name in an evaluation's config: {@code images:<name> test} or {@code images:<name> train}.
     */
    public String referenceSet() {
        return dataset() + " " + referenceSplit;
    }
}
