package io.guidestream.config;

import java.util.List;

/**
 * {@code sampler}: the sampler role.
 *
 * @param capacity   most trajectory items in flight at once (admission beyond it is refused with CAPACITY)
 * @param warmModels models loaded and run once before the sampler reports ready
 * @param device     where the networks run: {@code auto} (a GPU if the engine sees one, else the CPU),
 *                   {@code cpu}, or {@code gpu} (start fails when there is none)
 * @param laneItems  on a CPU, network passes over 2..laneItems items run as two half-batches at once, each on its own
 *                   thread at half the PyTorch threads (on two cores from 12 % faster to 8 % slower than intra-op
 *                   threads on small unguided steps, level on guided ones: perf/RESULTS.md, lanes); 0, the default,
 *                   turns this off
 */
public record SamplerConfig(int capacity, List<String> warmModels, DeviceChoice device, int laneItems) {
    /**
     * Off by default since 2026-12-08: they measured no clear gain (slower than the whole batch at batch 4 in both of
     * that day's peer runs), and with them a live generation sometimes returns one lane's half wrong (the first of a newly
     * opened page, about one in five; never with them off): a race not yet found (docs/ARCHITECTURE.md, lanes).
     */
    public static final int DEFAULT_LANE_ITEMS = 0;

    public SamplerConfig {
        warmModels = List.copyOf(warmModels);
        if (capacity < 1 || capacity > 4096) {
            throw new IllegalArgumentException("sampler.capacity must be 1..4096, got " + capacity);
        }
        if (device == null) throw new IllegalArgumentException("sampler.device must be auto, cpu or gpu");
        if (laneItems < 0 || laneItems > 4096) {
            throw new IllegalArgumentException("sampler.laneItems must be 0..4096, got " + laneItems);
        }
    }
}
