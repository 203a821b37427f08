package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The one interface every denoising network is used through (k-diffusion's idea): items carry their own timestep
 * and label, so trajectories of different jobs share one forward pass. Label −1 means "no class". The answer is the
 * network's raw output; the job's {@link Sampler} reads it (ε̂ and a learned variance, or x̂0).
 */
public final class Denoiser {
    private final LoadedModel model;

    public Denoiser(LoadedModel model) {
        this.model = model;
    }

    public LoadedModel model() {
        return model;
    }

    public NDArray predict(NDManager scope, NDArray x, int[] t, int[] labels) {
        return model.network().forward(scope, x, t, labels);
    }
}
