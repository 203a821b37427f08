package io.guidestream.http;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The order in which a gateway offers a job to samplers: those that are ready, answering, serve the model and have not
 * refused a job for want of room since their last advert. First the ones with room for the job's images as
 * {@link SamplerLoad} counts them, by the work one tick would cost each after taking the job, per slot of its
 * capacity: the engine runs one batched forward pass per model with items in flight (docs/ARCHITECTURE.md, The
 * sampler), so a tick costs {@value #PASS_ITEMS} image-shares per model plus one per image. Hence:
 * <ul>
 *   <li>a burst spreads: an idle sampler beats a busy one, because samplers step in parallel;</li>
 *   <li>it is batching-aware: between busy samplers a job goes where its model already runs, unless that sampler
 *       carries more than about a forward pass's worth of images more than the other;</li>
 *   <li>ties go to the lower node id, so that the order is reproducible.</li>
 * </ul>
 * Then the ones whose count says the job does not fit, most free slots first: the count can be high for a moment,
 * and the sampler's own ledger decides, so that no job is refused while a sampler has room.
 */
final class SamplerRanking {
    /**
     * One more forward pass per tick, in images: on the 2-core CPU a one-image step of the shipped U-Net takes 48 ms
     * and each further image in the batch adds 2 to 8 ms (perf/RESULTS.md, step-latency).
     */
    static final int PASS_ITEMS = 8;

    private SamplerRanking() {
    }

    /** Samplers to offer {@code items} images of {@code model}, best first, leaving out {@code exclude}. */
    static List<String> rank(Collection<SamplerLoad> samplers, String model, int items, Set<String> exclude) {
        List<SamplerLoad> open = samplers.stream()
                .filter(s -> !exclude.contains(s.node()) && s.open() && s.serves(model)).toList();
        Stream<SamplerLoad> fit = open.stream().filter(s -> s.free() >= items)
                .sorted(Comparator.comparingDouble((SamplerLoad s) -> tickCost(s, model, items))
                        .thenComparing(SamplerLoad::node));
        Stream<SamplerLoad> tight = open.stream().filter(s -> s.free() < items)
                .sorted(Comparator.comparingInt(SamplerLoad::free).reversed().thenComparing(SamplerLoad::node));
        return Stream.concat(fit, tight).map(SamplerLoad::node).toList();
    }

    /** A tick's work on {@code s} once it has taken the job, per slot of its capacity. */
    static double tickCost(SamplerLoad s, String model, int items) {
        Set<String> models = s.models();
        models.add(model);
        return (models.size() * PASS_ITEMS + s.items() + items) / (double) s.capacity();
    }
}
