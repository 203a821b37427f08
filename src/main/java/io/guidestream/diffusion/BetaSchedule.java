package io.guidestream.diffusion;

/**
 * The two named β schedules of guided-diffusion ({@code get_named_beta_schedule}), computed in float64.
 */
public enum BetaSchedule {
    /** Ho et al.: β linear from 1e-4·k to 0.02·k with k = 1000/T, so the total noise is the same for any T. */
    LINEAR,
    /** Nichol &amp; Dhariwal: ᾱ follows cos²((u + 0.008)/1.008 · π/2), β capped at 0.999. */
    COSINE;

    public double[] betas(int steps) {
        if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        double[] betas = new double[steps];
        if (this == LINEAR) {
            double scale = 1000.0 / steps;
            double start = 1e-4 * scale;
            double end = 0.02 * scale;
            for (int i = 0; i < steps; i++) {
                betas[i] = steps == 1 ? start : start + (end - start) * i / (steps - 1);
            }
        } else {
            for (int i = 0; i < steps; i++) {
                double ratio = cosineAlphaBar((i + 1.0) / steps) / cosineAlphaBar((double) i / steps);
                betas[i] = Math.min(1 - ratio, 0.999);
            }
        }
        return betas;
    }

    private static double cosineAlphaBar(double u) {
        double c = Math.cos((u + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    public static BetaSchedule parse(String name) {
        return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
