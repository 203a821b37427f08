package io.guidestream.bus;

import java.util.List;
import java.util.Map;

/**
 * What a sampler tells gateways: whether it is warmed up, its load, and the models it serves.
 *
 * @param node       sampler id
 * @param ready      default models loaded and one step run on each
 * @param live       items (images) of the jobs it holds slots for: taken on arrival, freed by the job's last message
 * @param capacity   most items it holds at once ({@code sampler.capacity})
 * @param models     models it can sample, with what a gateway needs to validate requests
 * @param admissions jobs it has taken since it started; each job's {@link JobEvent.Reserved} carries its number, so
 *                   a gateway knows which of its own jobs this advert already counts in {@code live}
 * @param running    of {@code live}, the items per model (a model listed here runs a batched pass every tick)
 */
public record SamplerStatus(String node, boolean ready, int live, int capacity, List<ModelInfo> models,
        long admissions, Map<String, Integer> running) {
    public SamplerStatus {
        models = List.copyOf(models);
        running = Map.copyOf(running);
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
     * @param imageChannels channels of the images (1 grey, 3 RGB)
     * @param format     {@code djl} for the project's own networks, {@code torchscript} for imported ones
     */
    public record ModelInfo(String name, int version, String role, int numClasses, int imageSize, String classifier,
            String description, int imageChannels, String format) {
    }
}
