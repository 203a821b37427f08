package io.guidestream.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.guidestream.data.LabelledImages;
import java.util.random.RandomGenerator;

/**
 * Where Stable Target Field training (ALGORITHMS.md M4 (c)) gets the reference images beyond the minibatch: the
 * official code loads n images and trains on the first B, so the objective asks for the other n − B here. Draws come
 * from the step's own generator, so a resumed run sees the same references.
 */
@FunctionalInterface
public interface ReferenceSampler {

    /** {@code images} (count×C×H×W in [−1, 1]) and their labels. */
    record References(NDArray images, int[] labels) {
    }

    References draw(NDManager manager, int count, RandomGenerator rng);

    /** Uniform draws with replacement from {@code data}, as the trainer draws its minibatches. */
    static ReferenceSampler uniform(LabelledImages data) {
        return (manager, count, rng) -> {
            int[] indices = new int[count];
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                indices[i] = rng.nextInt(data.size());
                labels[i] = data.label(indices[i]);
            }
            return new References(data.images(manager, indices), labels);
        };
    }
}
