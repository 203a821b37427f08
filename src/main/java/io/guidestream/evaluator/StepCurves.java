package io.guidestream.evaluator;

/**
 * Per-step means over every generated sample of per-item telemetry the sampler reports with each step: the
 * noise-aware classifier's entropy H(p(·|x_t)) (the quantity ED-DPM shows collapsing early under plain guidance), the
 * class-guidance scale actually applied (constant under {@code classifier}, adaptive under {@code entropy}), and the
 * size of the guidance term s·‖∇ log p(y | x_t)‖ (ED-DPM's "vanishing guidance": under a constant scale it shrinks as
 * the classifier grows confident), and under {@code entropy} the fraction of items whose entropy lay below the floor
 * h_min, where EDS's scale s·log C / max(H, h_min) is clamped (the floor is ours; ED-DPM's code has none, so how often
 * it acts is recorded). A model run without a classifier reports no entropies or gradients; those curves are then
 * empty, and the floor curve is empty unless the run used EDS.
 */
final class StepCurves {
    private final double[] entropySum;
    private final long[] entropyCount;
    private final double[] scaleSum;
    private final long[] scaleCount;
    private final double[] guidanceSum;
    private final long[] guidanceCount;
    private final double entropyFloor;
    private final double[] floorSum;

    /** @param entropyFloor EDS's h_min, or NaN when the run's scale has no floor (any method but {@code entropy}) */
    StepCurves(int steps, double entropyFloor) {
        this.entropyFloor = entropyFloor;
        floorSum = new double[steps];
        entropySum = new double[steps];
        entropyCount = new long[steps];
        scaleSum = new double[steps];
        scaleCount = new long[steps];
        guidanceSum = new double[steps];
        guidanceCount = new long[steps];
    }

    /** Adds one step (1-based) of one chunk; {@code gradNorm} is per item like {@code scale}, or empty. */
    void add(int step, double[] entropy, double[] scale, double[] gradNorm) {
        int k = step - 1;
        for (double h : entropy) {
            entropySum[k] += h;
            if (h < entropyFloor) floorSum[k]++;
        }
        entropyCount[k] += entropy.length;
        for (double s : scale) scaleSum[k] += s;
        scaleCount[k] += scale.length;
        if (gradNorm.length == scale.length) {
            for (int i = 0; i < gradNorm.length; i++) guidanceSum[k] += scale[i] * gradNorm[i];
            guidanceCount[k] += gradNorm.length;
        }
    }

    double[] entropy() {
        return means(entropySum, entropyCount);
    }

    double[] scale() {
        return means(scaleSum, scaleCount);
    }

    double[] guidanceNorm() {
        return means(guidanceSum, guidanceCount);
    }

    /** Per step, the fraction of items whose scale the entropy floor clamped; empty when the run had no floor. */
    double[] floorClamped() {
        return Double.isNaN(entropyFloor) ? new double[0] : means(floorSum, entropyCount);
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
