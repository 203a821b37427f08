package io.guidestream.evaluation;

import java.util.Arrays;

/**
 * Improved precision and recall (Kynkäänniemi et al. 2019, "Improved Precision and Recall Metric for Assessing
 * Generative Models"), as in guided-diffusion's {@code ManifoldEstimator} (ALGORITHMS.md §E).
 *
 * <p>Each feature set Φ approximates its manifold by balls: the radius r_k(φ) of φ ∈ Φ is the distance to its k-th
 * nearest neighbour in Φ, itself excluded. Then
 * {@code precision = (1/|Φ_g|) Σ_{φ_g} 1[∃ φ_r: d(φ_g, φ_r) ≤ r_k(φ_r)]} (how much of the generated set lies on the
 * real manifold) and {@code recall = (1/|Φ_r|) Σ_{φ_r} 1[∃ φ_g: d(φ_r, φ_g) ≤ r_k(φ_g)]} (how much of the real
 * manifold the generated set covers). Distances and radii are both squared Euclidean, which orders the same.
 *
 * @param precision fraction of generated points inside the real manifold, in [0, 1]
 * @param recall    fraction of real points inside the generated manifold, in [0, 1]
 */
public record PrecisionRecall(double precision, double recall) {
    /** The paper's and the reference evaluator's neighbourhood size. */
    public static final int K = 3;

    /** Precision and recall with k = {@link #K}. */
    public static PrecisionRecall of(double[][] real, double[][] generated) {
        return of(real, generated, K);
    }

    public static PrecisionRecall of(double[][] real, double[][] generated, int k) {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        int d = Checks.columns(real, "real");
        if (Checks.columns(generated, "generated") != d) {
            throw new IllegalArgumentException("real and generated features have different dimensions");
        }
        double[] realRadii = kthNeighbourRadii(real, k);
        double[] generatedRadii = kthNeighbourRadii(generated, k);
        return new PrecisionRecall(coverage(generated, real, realRadii), coverage(real, generated, generatedRadii));
    }

    /**
     * Squared distance from each point to its k-th nearest neighbour in the same set, itself excluded. The point's
     * distance to itself is exactly 0, the smallest, so this is entry k (0-based) of its sorted distances to the
     * whole set; a duplicate point counts as a neighbour at distance 0.
     */
    static double[] kthNeighbourRadii(double[][] set, int k) {
        if (set.length <= k) {
            throw new IllegalArgumentException("a set of " + set.length + " points has no " + k + "-th neighbour");
        }
        double[][] nearest = new double[set.length][k + 1];
        for (double[] row : nearest) Arrays.fill(row, Double.POSITIVE_INFINITY);
        PairwiseDistances.forEachTile(set, set, (rowStart, rowEnd, colStart, colEnd, tile) -> {
            int width = colEnd - colStart;
            for (int i = rowStart; i < rowEnd; i++) {
                double[] best = nearest[i];
                int offset = (i - rowStart) * width;
                for (int j = 0; j < width; j++) {
                    if (tile[offset + j] < best[k]) insertSorted(best, tile[offset + j]);
                }
            }
        });
        return Arrays.stream(nearest).mapToDouble(best -> best[k]).toArray();
    }

    /** The fraction of {@code queries} within the radius (squared, ≤) of at least one of {@code refs}. */
    static double coverage(double[][] queries, double[][] refs, double[] refRadii) {
        boolean[] covered = new boolean[queries.length];
        PairwiseDistances.forEachTile(queries, refs, (rowStart, rowEnd, colStart, colEnd, tile) -> {
            int width = colEnd - colStart;
            for (int i = rowStart; i < rowEnd; i++) {
                int offset = (i - rowStart) * width;
                for (int j = 0; j < width && !covered[i]; j++) {
                    covered[i] = tile[offset + j] <= refRadii[colStart + j];
                }
            }
        });
        int count = 0;
        for (boolean c : covered) if (c) count++;
        return (double) count / queries.length;
    }

    /** Inserts {@code x} into the ascending {@code best}, dropping its largest entry. */
    private static void insertSorted(double[] best, double x) {
        int pos = best.length - 1;
        while (pos > 0 && best[pos - 1] > x) {
            best[pos] = best[pos - 1];
            pos--;
        }
        best[pos] = x;
    }
}
