package io.guidestream.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's routing meters, one series per sampler (tag {@code sampler}, its node id), so that an operator sees
 * how jobs spread (docs/ARCHITECTURE.md, Routing): jobs sent to each sampler, the ones it refused or did not answer,
 * and the items the gateway counts on it. A sampler's series go when the gateway forgets the sampler. Called on the
 * gateway's event loop; the gauges read values that thread publishes, because scrapes come from another thread.
 */
final class RoutingMetrics {
    /** Why a sampler did not take a job it was offered. */
    enum Refusal {
        /** it had no room (its own count, which may differ from the gateway's) */
        CAPACITY,
        /** it did not answer within the admission timeout, or the bus could not reach it */
        UNANSWERED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<String, PerSampler> samplers = new HashMap<>();

    private final class PerSampler {
        final List<Meter> meters = new ArrayList<>();
        final AtomicInteger items = new AtomicInteger();
        final Counter routed;
        final Map<Refusal, Counter> refused = new HashMap<>();

        PerSampler(String node) {
            routed = keep(Counter.builder("guidestream.routing.jobs").tag("sampler", node)
                    .description("Jobs this gateway sent to the sampler (each attempt)").register(registry));
            for (Refusal r : Refusal.values()) {
                refused.put(r, keep(Counter.builder("guidestream.routing.refusals").tag("sampler", node)
                        .tag("reason", r.tag()).description("Jobs the sampler did not take, by reason")
                        .register(registry)));
            }
            keep(Gauge.builder("guidestream.routing.active.items", items, AtomicInteger::get).tag("sampler", node)
                    .strongReference(true).description("Items in flight on the sampler as this gateway counts them"
                            + " (its latest advert plus this gateway's jobs the advert does not count yet)")
                    .register(registry));
        }

        <M extends Meter> M keep(M meter) {
            meters.add(meter);
            return meter;
        }
    }

    RoutingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void routed(String node) {
        of(node).routed.increment();
    }

    void refused(String node, Refusal why) {
        of(node).refused.get(why).increment();
    }

    void activeItems(String node, int items) {
        of(node).items.set(items);
    }

    /** The gateway forgot the sampler: its series end. */
    void remove(String node) {
        PerSampler p = samplers.remove(node);
        if (p != null) p.meters.forEach(registry::remove);
    }

    private PerSampler of(String node) {
        return samplers.computeIfAbsent(node, PerSampler::new);
    }
}
