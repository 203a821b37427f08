package io.guidestream.evaluation;

/**
 * Mean Shannon entropy, in nats, of predicted class distributions: {@code (1/n) Σ_x H(p(·|x))},
 * {@code H(p) = −Σ_y p_y log p_y} with 0·log 0 = 0. Lies in [0, log C]; low values mean the classifier is confident
 * about the samples (the quantity entropy-driven guidance scales react to).
 */
public final class MeanEntropy {
    private MeanEntropy() {
    }

    public static double of(double[][] probs) {
        Checks.probabilities(probs, "probs");
        double sum = 0;
        for (double[] row : probs) sum += entropy(row);
        return sum / probs.length;
    }

    /** H(p) in nats. */
    public static double entropy(double[] p) {
        double h = 0;
        for (double v : p) if (v > 0) h -= v * Math.log(v);
        return h;
    }
}
