package io.guidestream.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.guidestream.diffusion.HostNoise;
import java.util.SplittableRandom;

/**
 * One step's data: clean images x0 (B×C×H×W in [−1, 1]), their labels, and the step's own random source (seeded
 * from the run seed and the step number, so that a resumed run draws exactly what the original would have).
 */
public record TrainingBatch(NDManager manager, NDArray x0, NDArray labels, int[] labelValues, SplittableRandom rng) {

    public int size() {
        return labelValues.length;
    }

    /** Uniform timesteps t ~ U{0..T−1}, one per item. */
    public int[] uniformTimesteps(int numTimesteps) {
        int[] t = new int[size()];
        for (int i = 0; i < t.length; i++) t[i] = rng.nextInt(numTimesteps);
        return t;
    }

    /**
     * The labels, each replaced by {@code nullClass} with probability {@code dropout} (so that a conditional model also
     * learns the unconditional case). One uniform draw per item, only when {@code dropout > 0}.
     */
    public int[] labelsWithDropout(int nullClass, double dropout) {
        int[] y = labelValues.clone();
        for (int i = 0; i < y.length; i++) {
            if (dropout > 0 && rng.nextDouble() < dropout) y[i] = nullClass;
        }
        return y;
    }

    /** Standard normal noise shaped like x0, drawn from this batch's random source. */
    public NDArray gaussianLike(NDArray like) {
        return HostNoise.gaussian(manager, like.getShape(), rng);
    }
}
