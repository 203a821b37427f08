package io.guidestream.training;

import java.util.Arrays;

/**
 * Tells a gradient spike from an ordinary step: a step whose global gradient norm is more than {@value #FACTOR}× the
 * median of the last {@value #WINDOW} steps' norms is discarded, like a non-finite one. Clipping alone is not enough:
 * a norm of 10⁷ clipped to 1 is still 20× a healthy step of 0.05, pointing wherever the one exploding entry points,
 * and Adam's moments carry it on for tens of steps. On `fashion-blur` such steps (window maxima 52 to 5·10¹³ against
 * a median near 0.05) preceded every loss spike (docs/EXPERIMENTS.md); within a healthy report window the largest
 * norm is 2–4× the mean.
 *
 * <p>The median, not the mean, so that a spike does not raise the bar for the next one; spikes are recorded too, so a
 * genuine shift of the norm's level (not a spike) is followed within half a window. No verdict before
 * {@value #MIN_HISTORY} steps have been seen, so the first steps after a start or a resume are never skipped (the
 * history is not checkpointed; a resumed run matches an uninterrupted one unless a spike falls in those steps).
 */
final class GradientSpikeGuard {
    static final int WINDOW = 100;
    static final int MIN_HISTORY = 20;
    static final double FACTOR = 10;

    private final double[] norms = new double[WINDOW];
    private int count;

    /** The largest norm the next step may have and still be applied: infinite until there is enough history. */
    double limit() {
        if (count < MIN_HISTORY) return Double.POSITIVE_INFINITY;
        int n = Math.min(count, WINDOW);
        double[] sorted = Arrays.copyOf(norms, n);
        Arrays.sort(sorted);
        double median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        return FACTOR * median;
    }

    /** Adds a step's norm to the history; non-finite norms are not a level and are left out. */
    void record(double norm) {
        if (!Double.isFinite(norm)) return;
        norms[count % WINDOW] = norm;
        count++;
    }
}
