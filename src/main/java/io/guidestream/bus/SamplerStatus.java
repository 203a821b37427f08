package io.guidestream.bus;

import java.util.List;

/**
 * What a sampler tells gateways: whether it is warmed up, its load, and the models it serves.
 *
 * @param node     sampler id
 * @param ready    default models loaded and one step run on each
 * @param live     trajectories (items) in flight
 * @param capacity most items it admits at once
 * @param models   models it can sample, with what a gateway needs to validate requests
 */
public record SamplerStatus(String node, boolean ready, int live, int capacity, List<ModelInfo> models) {
    public SamplerStatus {
        models = List.copyOf(models);
    }

    /**
     * A model as gateways see it.
     *
     * @param name       registry name
     * @param version    version served
     * @param role       EPSILON, BLUR, CLASSIFIER or FEATURES
     * @param numClasses label count (0 for unconditional denoisers)
     * @param imageSize  side of the square images
     * @param classifier default classifier of a denoiser (null for classifiers)
     * @param description one line for people
     */
    public record ModelInfo(String name, int version, String role, int numClasses, int imageSize, String classifier,
            String description) {
    }
}
