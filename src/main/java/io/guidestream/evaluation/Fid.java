package io.guidestream.evaluation;

import java.util.Arrays;

/**
 * Fréchet Inception Distance (Heusel et al. 2017) between two feature distributions modelled as Gaussians:
 * {@code FID = ‖μ_r − μ_g‖² + Tr(Σ_r + Σ_g − 2 (Σ_r Σ_g)^{1/2})} (ALGORITHMS.md §E; guided-diffusion's
 * {@code evaluator.py}).
 *
 * <p>The trace of the square root is computed without a non-symmetric {@code sqrtm}: Σ_r Σ_g is similar to the
 * symmetric PSD matrix {@code M = Σ_r^{1/2} Σ_g Σ_r^{1/2}} (AB and BA share their non-zero eigenvalues), so
 * {@code Tr((Σ_r Σ_g)^{1/2}) = Σ_i √λ_i(M)}, with rounding-negative λ clamped to 0. No complex values arise, so the
 * reference's "discard a small imaginary part" step has nothing to do here. Its robustness rule is kept: if the
 * result is not finite, {@value #RETRY_OFFSET}·I is added to both covariances and the computation repeated once.
 *
 * <p>sFID (Nash et al. 2021, "Generating Images with Sparse Representations") is the same formula on spatial
 * features; {@link #firstChannels} makes those from a spatial feature map.
 */
public final class Fid {
    /** The diagonal offset added to both covariances when the first attempt is not finite. */
    public static final double RETRY_OFFSET = 1e-6;
    /** sFID keeps the first 7 channels of Inception's {@code mixed_6/conv} map (17·17·7 = 2023 features). */
    public static final int SFID_CHANNELS = 7;
    /**
     * At most this many sFID features: {@link SymmetricEigen}'s Jacobi sweeps cost O(d³), about 1 s per FID at
     * d = 512. Fashion-MNIST's 7×7 map keeps all {@value #SFID_CHANNELS} channels (343 features).
     */
    public static final int MAX_SFID_FEATURES = 512;

    private Fid() {
    }

    /** FID between the statistics of real (reference) and generated features; symmetric in its arguments. */
    public static double between(FeatureStats real, FeatureStats generated) {
        if (real.dim() != generated.dim()) {
            throw new IllegalArgumentException("feature dimensions differ: " + real.dim() + " vs " + generated.dim());
        }
        double meanTerm = Matrices.squaredDistance(real.mean(), generated.mean());
        double fid = meanTerm + covarianceTerm(real.cov(), generated.cov());
        if (Double.isFinite(fid)) return fid;
        double[][] covR = Matrices.plusDiagonal(real.cov(), RETRY_OFFSET);
        double[][] covG = Matrices.plusDiagonal(generated.cov(), RETRY_OFFSET);
        fid = meanTerm + covarianceTerm(covR, covG);
        if (!Double.isFinite(fid)) throw new ArithmeticException("FID is not finite even with an offset on Σ");
        return fid;
    }

    /** FID of two raw feature sets (rows = samples). */
    public static double between(double[][] realFeatures, double[][] generatedFeatures) {
        return between(FeatureStats.of(realFeatures), FeatureStats.of(generatedFeatures));
    }

    /**
     * sFID: exactly {@link #between(FeatureStats, FeatureStats)}, on statistics of <em>spatial</em> features, which
     * the caller makes with {@link #firstChannels(double[][], int, int)} (keeping {@link #SFID_CHANNELS} channels).
     */
    public static double sFid(FeatureStats realSpatial, FeatureStats generatedSpatial) {
        return between(realSpatial, generatedSpatial);
    }

    /**
     * How many leading channels of a {@code channels}-channel map with {@code positions} positions sFID keeps:
     * {@value #SFID_CHANNELS}, fewer when the map has fewer channels or when they would exceed
     * {@value #MAX_SFID_FEATURES} features, and at least one.
     */
    public static int sFidChannels(int channels, int positions) {
        if (channels <= 0 || positions <= 0) {
            throw new IllegalArgumentException("a map needs channels and positions, got " + channels + "×" + positions);
        }
        return Math.max(1, Math.min(Math.min(SFID_CHANNELS, channels), MAX_SFID_FEATURES / positions));
    }

    /**
     * The first {@code keep} channels of each sample's spatial map, flattened. Each row of {@code maps} is one sample's
     * C×H×W map in channel-major order (NCHW), C = {@code channels}, so the kept features are the row's first
     * keep·H·W entries. (The TF reference slices an H×W×C map {@code [..., :7]}; the order of features differs, which
     * FID cannot see: it is invariant under a fixed permutation of the coordinates.)
     */
    public static double[][] firstChannels(double[][] maps, int channels, int keep) {
        int size = Checks.columns(maps, "maps");
        if (channels <= 0 || size % channels != 0) {
            throw new IllegalArgumentException("a row of " + size + " values is not " + channels + " channels");
        }
        if (keep <= 0 || keep > channels) {
            throw new IllegalArgumentException("keep must be in [1, " + channels + "], got " + keep);
        }
        int kept = keep * (size / channels);
        return Arrays.stream(maps).map(row -> Arrays.copyOf(row, kept)).toArray(double[][]::new);
    }

    /** {@code Tr(Σ_r) + Tr(Σ_g) − 2 Tr((Σ_r Σ_g)^{1/2})}. */
    static double covarianceTerm(double[][] covR, double[][] covG) {
        return Matrices.trace(covR) + Matrices.trace(covG) - 2 * traceSqrtProduct(covR, covG);
    }

    /** {@code Tr((S1 S2)^{1/2}) = Σ √λ(S1^{1/2} S2 S1^{1/2})} for symmetric PSD S1, S2. */
    static double traceSqrtProduct(double[][] s1, double[][] s2) {
        double[][] root = SymmetricEigen.of(s1).sqrtPsd();
        double[][] m = Matrices.multiply(Matrices.multiply(root, s2), root);
        double sum = 0;
        for (double lambda : SymmetricEigen.eigenvalues(m)) sum += Math.sqrt(Math.max(lambda, 0));
        return sum;
    }
}
