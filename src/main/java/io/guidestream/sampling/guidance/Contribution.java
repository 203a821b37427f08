package io.guidestream.sampling.guidance;

import ai.djl.ndarray.NDArray;

/**
 * One term's scaled direction for a group of items, in score units, with the per-item scale it used (for
 * telemetry) and which items it acted on.
 */
public record Contribution(String name, NDArray direction, double[] scale, boolean[] active) {
}
