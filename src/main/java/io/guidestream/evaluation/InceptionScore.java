package io.guidestream.evaluation;

/**
 * Inception Score (Salimans et al. 2016, "Improved Techniques for Training GANs"):
 * {@code IS = exp( E_x KL(p(y|x) ‖ p(y)) )}, p(y) the marginal (mean) of p(y|x) over the split, as in guided-diffusion's
 * {@code evaluator.py} (ALGORITHMS.md §E). With C classes it lies in [1, C]: C for confident predictions spread evenly
 * over the classes, 1 when every prediction is the same.
 *
 * <p>The predictions are cut into consecutive splits, each scored on its own; the result is the mean over splits and
 * their standard deviation (population, numpy's {@code np.std} default). Terms with p(y|x) = 0 contribute 0.
 *
 * @param mean   mean of the per-split scores
 * @param std    standard deviation of the per-split scores (0 for a single split)
 * @param splits number of splits
 */
public record InceptionScore(double mean, double std, int splits) {
    /** The reference evaluator's split size. */
    public static final int SPLIT_SIZE = 5000;

    /** Splits of {@link #SPLIT_SIZE} rows, the last one possibly shorter (the reference evaluator's convention). */
    public static InceptionScore of(double[][] probs) {
        Checks.probabilities(probs, "probs");
        int splits = (probs.length + SPLIT_SIZE - 1) / SPLIT_SIZE;
        double[] scores = new double[splits];
        for (int s = 0; s < splits; s++) {
            scores[s] = splitScore(probs, s * SPLIT_SIZE, Math.min(probs.length, (s + 1) * SPLIT_SIZE));
        }
        return summarise(scores);
    }

    /** {@code splits} consecutive splits of near-equal size (they differ by at most one row; none is dropped). */
    public static InceptionScore of(double[][] probs, int splits) {
        Checks.probabilities(probs, "probs");
        if (splits < 1 || splits > probs.length) {
            throw new IllegalArgumentException("splits must be in [1, " + probs.length + "], got " + splits);
        }
        double[] scores = new double[splits];
        for (int s = 0; s < splits; s++) {
            int from = (int) ((long) s * probs.length / splits);
            int to = (int) ((long) (s + 1) * probs.length / splits);
            scores[s] = splitScore(probs, from, to);
        }
        return summarise(scores);
    }

    /** {@code exp( mean_x Σ_y p(y|x) (log p(y|x) − log p̄(y)) )} over rows [from, to). */
    static double splitScore(double[][] probs, int from, int to) {
        int classes = probs[0].length;
        double[] marginal = new double[classes];
        for (int i = from; i < to; i++) for (int y = 0; y < classes; y++) marginal[y] += probs[i][y];
        for (int y = 0; y < classes; y++) marginal[y] /= to - from;
        double klSum = 0;
        for (int i = from; i < to; i++) {
            for (int y = 0; y < classes; y++) {
                double p = probs[i][y];
                if (p > 0) klSum += p * (Math.log(p) - Math.log(marginal[y]));
            }
        }
        return Math.exp(klSum / (to - from));
    }

    private static InceptionScore summarise(double[] scores) {
        double mean = 0;
        for (double s : scores) mean += s;
        mean /= scores.length;
        double variance = 0;
        for (double s : scores) variance += (s - mean) * (s - mean);
        return new InceptionScore(mean, Math.sqrt(variance / scores.length), scores.length);
    }
}
