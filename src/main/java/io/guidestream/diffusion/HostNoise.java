package io.guidestream.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;

/**
 * Gaussian noise drawn on the host from a caller-owned generator. Each job (and each training step) owns its
 * generator, so its noise does not depend on what else runs in the same batch or on the engine's global seed.
 */
public final class HostNoise {
    private HostNoise() {
    }

    public static NDArray gaussian(NDManager manager, Shape shape, RandomGenerator rng) {
        float[] z = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < z.length; i++) z[i] = (float) rng.nextGaussian();
        return manager.create(z, shape);
    }
}
