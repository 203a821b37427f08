package io.guidestream.config;

import java.util.List;

/**
 * {@code sampler}: the sampler role.
 *
 * @param capacity   most trajectory items in flight at once (admission beyond it is refused with CAPACITY)
 * @param warmModels models loaded and run once before the sampler reports ready
 * @param device     where the networks run: {@code auto} (a GPU if the engine sees one, else the CPU),
 *                   {@code cpu}, or {@code gpu} (start fails when there is none)
 */
public record SamplerConfig(int capacity, List<String> warmModels, DeviceChoice device) {
    public SamplerConfig {
        warmModels = List.copyOf(warmModels);
        if (capacity < 1 || capacity > 4096) {
            throw new IllegalArgumentException("sampler.capacity must be 1..4096, got " + capacity);
        }
        if (device == null) throw new IllegalArgumentException("sampler.device must be auto, cpu or gpu");
    }
}
