package io.guidestream.evaluator;

/**
 * Per-step means over every generated sample of two per-item telemetry series the sampler reports with each step:
 * the noise-aware classifier's entropy H(p(·|x_t)) (the quantity ED-DPM shows collapsing early under plain guidance)
 * and the class-guidance scale actually applied (constant under {@code classifier}, adaptive under {@code entropy}).
 * A model run without a classifier reports no entropies; its entropy curve is then empty.
 */
final class StepCurves {
    private final double[] entropySum;
    private final long[] entropyCount;
    private final double[] scaleSum;
    private final long[] scaleCount;

    StepCurves(int steps) {
        entropySum = new double[steps];
        entropyCount = new long[steps];
        scaleSum = new double[steps];
        scaleCount = new long[steps];
    }

    /** Adds one step (1-based) of one chunk. */
    void add(int step, double[] entropy, double[] scale) {
        int k = step - 1;
        for (double h : entropy) entropySum[k] += h;
        entropyCount[k] += entropy.length;
        for (double s : scale) scaleSum[k] += s;
        scaleCount[k] += scale.length;
    }

    double[] entropy() {
        return means(entropySum, entropyCount);
    }

    double[] scale() {
        return means(scaleSum, scaleCount);
    }

    /** The mean per step, or an empty curve when some step had no values at all. */
    private static double[] means(double[] sum, long[] count) {
        double[] out = new double[sum.length];
        for (int k = 0; k < sum.length; k++) {
            if (count[k] == 0) return new double[0];
            out[k] = sum[k] / count[k];
        }
        return out;
    }
}
