package io.guidestream.training;

/**
 * A progress report of a running job.
 *
 * @param step            optimizer steps done
 * @param steps           steps planned
 * @param loss            mean loss over the steps since the previous report
 * @param imagesPerSecond throughput since the previous report
 * @param etaSeconds      estimated time to finish at that throughput
 */
public record TrainingProgress(long step, long steps, double loss, double imagesPerSecond, double etaSeconds) {
}
