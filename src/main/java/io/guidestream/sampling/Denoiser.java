package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.guidestream.nn.UNetConfig;

/**
 * The one interface every denoising network is used through (k-diffusion's idea): items carry their own timestep
 * and label, so trajectories of different jobs share one forward pass. Label −1 means "no class".
 */
public final class Denoiser {
    private final LoadedModel model;
    private final UNetConfig config;

    public Denoiser(LoadedModel model) {
        this.model = model;
        this.config = (UNetConfig) model.card().network();
    }

    public LoadedModel model() {
        return model;
    }

    public NDArray predict(NDManager scope, NDArray x, int[] t, int[] labels) {
        NDList inputs = new NDList(x, scope.create(t));
        if (config.conditional()) {
            int[] y = new int[labels.length];
            for (int i = 0; i < y.length; i++) y[i] = labels[i] < 0 ? config.nullClass() : labels[i];
            inputs.add(scope.create(y));
        }
        return model.block().forward(model.parameterStore(), inputs, false).singletonOrThrow();
    }
}
