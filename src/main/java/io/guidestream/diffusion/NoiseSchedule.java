package io.guidestream.diffusion;

import java.util.Arrays;

/**
 * All per-timestep tables of a Gaussian diffusion, computed once on the host in float64 (guided-diffusion's
 * {@code GaussianDiffusion.__init__}). Index {@code i} is the code convention: 0 is one step of noise.
 *
 * <p>Names follow the paper: {@code alphaBar[i]} = ᾱ_i = ∏_{j≤i}(1 − β_j); the posterior q(x_{i−1} | x_i, x_0) has
 * mean {@code posteriorMeanCoef1[i]·x0 + posteriorMeanCoef2[i]·x_i} and variance {@code posteriorVariance[i]}.
 */
public final class NoiseSchedule {
    private final double[] betas;
    private final double[] alphaBar;
    private final double[] alphaBarPrev;
    private final double[] posteriorVariance;
    private final double[] posteriorLogVarianceClipped;
    private final double[] posteriorMeanCoef1;
    private final double[] posteriorMeanCoef2;

    private NoiseSchedule(double[] betas) {
        int n = betas.length;
        if (n == 0) throw new IllegalArgumentException("a schedule needs at least one step");
        this.betas = betas.clone();
        alphaBar = new double[n];
        alphaBarPrev = new double[n];
        double running = 1;
        for (int i = 0; i < n; i++) {
            if (!(betas[i] > 0 && betas[i] <= 1)) {
                throw new IllegalArgumentException("beta[" + i + "] must be in (0, 1], got " + betas[i]);
            }
            alphaBarPrev[i] = running;
            running *= 1 - betas[i];
            alphaBar[i] = running;
        }
        posteriorVariance = new double[n];
        posteriorMeanCoef1 = new double[n];
        posteriorMeanCoef2 = new double[n];
        for (int i = 0; i < n; i++) {
            double oneMinus = 1 - alphaBar[i];
            posteriorVariance[i] = betas[i] * (1 - alphaBarPrev[i]) / oneMinus;
            posteriorMeanCoef1[i] = betas[i] * Math.sqrt(alphaBarPrev[i]) / oneMinus;
            posteriorMeanCoef2[i] = (1 - alphaBarPrev[i]) * Math.sqrt(1 - betas[i]) / oneMinus;
        }
        // β̃_0 = 0, so its log is clipped to the value at index 1 (the first step never adds noise anyway).
        posteriorLogVarianceClipped = new double[n];
        for (int i = 0; i < n; i++) {
            double v = i == 0 ? (n > 1 ? posteriorVariance[1] : betas[0]) : posteriorVariance[i];
            posteriorLogVarianceClipped[i] = Math.log(v);
        }
    }

    public static NoiseSchedule fromBetas(double[] betas) {
        return new NoiseSchedule(betas);
    }

    public static NoiseSchedule of(BetaSchedule kind, int steps) {
        return new NoiseSchedule(kind.betas(steps));
    }

    public int length() {
        return betas.length;
    }

    public double beta(int i) {
        return betas[i];
    }

    public double alphaBar(int i) {
        return alphaBar[i];
    }

    public double alphaBarPrev(int i) {
        return alphaBarPrev[i];
    }

    public double posteriorVariance(int i) {
        return posteriorVariance[i];
    }

    public double posteriorLogVarianceClipped(int i) {
        return posteriorLogVarianceClipped[i];
    }

    public double posteriorMeanCoef1(int i) {
        return posteriorMeanCoef1[i];
    }

    public double posteriorMeanCoef2(int i) {
        return posteriorMeanCoef2[i];
    }

    /** √(1/ᾱ_i), the factor on x_t in x̂0 = √(1/ᾱ) x_t − √(1/ᾱ − 1) ε. */
    public double sqrtRecipAlphaBar(int i) {
        return Math.sqrt(1 / alphaBar[i]);
    }

    /** √(1/ᾱ_i − 1), the factor on ε in x̂0 = √(1/ᾱ) x_t − √(1/ᾱ − 1) ε. */
    public double sqrtRecipM1AlphaBar(int i) {
        return Math.sqrt(1 / alphaBar[i] - 1);
    }

    /**
     * The variance of a reverse step: FIXED_SMALL is the posterior β̃_i; FIXED_LARGE is β_i except at index 0,
     * where it uses β̃_1 so that the last step's log-variance is finite (guided-diffusion's choice).
     */
    public double variance(VarianceKind kind, int i) {
        return switch (kind) {
            case FIXED_SMALL -> posteriorVariance[i];
            case FIXED_LARGE -> i == 0 && betas.length > 1 ? posteriorVariance[1] : betas[i];
        };
    }

    public double[] betas() {
        return betas.clone();
    }

    @Override
    public String toString() {
        return "NoiseSchedule[T=" + betas.length + ", beta0=" + betas[0] + ", betaLast=" + betas[betas.length - 1]
                + ", alphaBarLast=" + alphaBar[alphaBar.length - 1] + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoiseSchedule s && Arrays.equals(betas, s.betas);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(betas);
    }
}
