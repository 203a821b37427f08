package io.guidestream.diffusion;

/**
 * A sampling chain of K steps: {@code schedule} holds the respaced tables (index k = 0..K−1) and
 * {@code timestepMap[k]} the original training index τ_k that the network and classifier receive.
 */
public record RespacedSchedule(NoiseSchedule schedule, int[] timestepMap) {
    public RespacedSchedule {
        if (schedule.length() != timestepMap.length) {
            throw new IllegalArgumentException("timestep map length " + timestepMap.length + " != schedule length "
                    + schedule.length());
        }
    }

    public int steps() {
        return timestepMap.length;
    }

    /** The original training index for respaced index {@code k}. */
    public int modelTimestep(int k) {
        return timestepMap[k];
    }
}
