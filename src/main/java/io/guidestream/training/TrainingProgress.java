package io.guidestream.training;

/**
 * A progress report of a running job.
 *
 * @param step            optimizer steps done
 * @param steps           steps planned
 * @param loss            mean loss over the steps since the previous report
 * @param imagesPerSecond throughput since the previous report
 * @param etaSeconds      estimated time to finish at that throughput
 * @param gradNorm        mean global gradient norm (before clipping) over those steps
 * @param maxGradNorm     the largest of them: a spike far above the mean precedes a loss spike
 * @param skipped         steps since the previous report whose loss or gradient was not finite, or whose gradient
 *                        norm spiked ({@link GradientSpikeGuard}); their updates were discarded
 */
public record TrainingProgress(long step, long steps, double loss, double imagesPerSecond, double etaSeconds,
        double gradNorm, double maxGradNorm, int skipped) {

    /** The gradient part of a progress line: "gradient norm 0.012 (max 0.9)", plus skipped steps if any. */
    public String gradientSummary() {
        return String.format(java.util.Locale.ROOT, "gradient norm %.3g (max %.3g)%s", gradNorm, maxGradNorm,
                skipped == 0 ? "" : ", " + skipped + " step" + (skipped == 1 ? "" : "s") + " skipped (not finite or a gradient spike)");
    }
}
