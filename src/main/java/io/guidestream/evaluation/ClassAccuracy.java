package io.guidestream.evaluation;

/**
 * Conditional-generation accuracy: the fraction of samples whose predicted class, argmax_y p(y|x) under a fixed
 * evaluation classifier, equals the class the sample was generated for (the usual check of classifier guidance,
 * e.g. Dhariwal &amp; Nichol 2021 report it alongside FID). Ties go to the lowest class index, like numpy's argmax.
 * Only the argmax matters, so logits serve as well as probabilities.
 */
public final class ClassAccuracy {
    private ClassAccuracy() {
    }

    /** {@code (1/n) Σ_i 1[argmax_y probs[i][y] = labels[i]]}. */
    public static double of(double[][] probs, int[] labels) {
        int classes = Checks.columns(probs, "probs");
        if (labels.length != probs.length) {
            throw new IllegalArgumentException(probs.length + " prediction rows but " + labels.length + " labels");
        }
        int correct = 0;
        for (int i = 0; i < probs.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " is not one of " + classes + " classes");
            }
            if (argmax(probs[i]) == labels[i]) correct++;
        }
        return (double) correct / probs.length;
    }

    /** The index of the largest entry, the first one on ties. */
    public static int argmax(double[] row) {
        int best = 0;
        for (int y = 1; y < row.length; y++) if (row[y] > row[best]) best = y;
        return best;
    }
}
