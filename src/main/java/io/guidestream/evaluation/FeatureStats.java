package io.guidestream.evaluation;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Sample mean and unbiased covariance of a feature set, the sufficient statistics of FID (Heusel et al. 2017,
 * "GANs Trained by a Two Time-Scale Update Rule Converge to a Local Nash Equilibrium"): {@code μ = (1/n) Σ φ_i},
 * {@code Σ = (1/(n−1)) Σ (φ_i − μ)(φ_i − μ)ᵀ}, i.e. numpy's {@code np.cov(features, rowvar=False)}.
 *
 * <p>All in float64. The record's fields are plain JSON-friendly values so that reference statistics (e.g. of the
 * training set) can be computed once and cached; the constructor takes copies, and the accessors hand out the
 * record's own arrays, which callers must not modify.
 *
 * @param mean μ, length d
 * @param cov  Σ, d×d, symmetric positive semi-definite
 * @param n    number of samples the statistics came from (at least 2)
 */
public record FeatureStats(double[] mean, double[][] cov, int n) {
    /** Samples centred at a time: bounds the working copy to {@code BLOCK·d} doubles. */
    private static final int BLOCK = 256;

    public FeatureStats {
        if (n < 2) throw new IllegalArgumentException("an unbiased covariance needs n >= 2, got " + n);
        int d = Checks.columns(new double[][] {mean}, "mean");
        if (Checks.columns(cov, "cov") != d || cov.length != d) {
            throw new IllegalArgumentException("cov must be " + d + "x" + d + " to match the mean");
        }
        mean = mean.clone();
        cov = Matrices.copy(cov);
    }

    /** The statistics of {@code features} (rows = samples, columns = feature dimensions). */
    public static FeatureStats of(double[][] features) {
        int d = Checks.columns(features, "features");
        int n = features.length;
        if (n < 2) throw new IllegalArgumentException("need at least 2 samples for a covariance, got " + n);
        double[] mean = mean(features, d);
        double[][] cov = new double[d][d];
        for (int start = 0; start < n; start += BLOCK) {
            accumulateUpperTriangle(cov, centred(features, mean, start, Math.min(n, start + BLOCK)));
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] /= n - 1;
                cov[j][i] = cov[i][j];
            }
        }
        return new FeatureStats(mean, cov, n);
    }

    public int dim() {
        return mean.length;
    }

    /** Corrected two-pass mean: the plain mean, then the mean of the residuals added back (Chan et al. 1983). */
    private static double[] mean(double[][] x, int d) {
        double[] mean = new double[d];
        for (double[] row : x) for (int j = 0; j < d; j++) mean[j] += row[j];
        for (int j = 0; j < d; j++) mean[j] /= x.length;
        double[] correction = new double[d];
        for (double[] row : x) for (int j = 0; j < d; j++) correction[j] += row[j] - mean[j];
        for (int j = 0; j < d; j++) mean[j] += correction[j] / x.length;
        return mean;
    }

    private static double[][] centred(double[][] x, double[] mean, int from, int to) {
        double[][] c = new double[to - from][mean.length];
        for (int s = from; s < to; s++) {
            for (int j = 0; j < mean.length; j++) c[s - from][j] = x[s][j] - mean[j];
        }
        return c;
    }

    /** {@code cov[i][j] += Σ_s c[s][i]·c[s][j]} for j ≥ i; rows of the result in parallel, inner loop an axpy. */
    private static void accumulateUpperTriangle(double[][] cov, double[][] c) {
        int d = cov.length;
        IntStream.range(0, d).parallel().forEach(i -> {
            double[] covRow = cov[i];
            for (double[] sample : c) {
                double ci = sample[i];
                if (ci == 0) continue;
                for (int j = i; j < d; j++) covRow[j] += ci * sample[j];
            }
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureStats s && n == s.n && Arrays.equals(mean, s.mean) && Arrays.deepEquals(cov, s.cov);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(mean) + Arrays.deepHashCode(cov)) + n;
    }

    @Override
    public String toString() {
        return "FeatureStats[d=" + mean.length + ", n=" + n + "]";
    }
}
