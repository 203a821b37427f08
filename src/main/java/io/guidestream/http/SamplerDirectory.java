package io.guidestream.http;

import io.guidestream.bus.Addresses;
import io.guidestream.bus.SamplerStatus;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What a gateway knows of the samplers, from their adverts: load, capacity and models. Jobs go to the least-loaded
 * ready sampler that serves the model and has room; a sampler whose adverts stop for {@code expiryMs} is gone, and
 * {@code onLost} is told, so that its jobs end with a clear error rather than hang. Event-loop confined.
 */
final class SamplerDirectory {
    private final long expiryMs;
    private final Consumer<String> onLost;
    private final Map<String, Seen> samplers = new HashMap<>();

    private record Seen(SamplerStatus status, long at) {
    }

    SamplerDirectory(Vertx vertx, long expiryMs, Consumer<String> onLost) {
        this.expiryMs = expiryMs;
        this.onLost = onLost;
        vertx.eventBus().<SamplerStatus>consumer(Addresses.SAMPLER_ADVERTS, m -> {
            if (m.body().ready()) samplers.put(m.body().node(), new Seen(m.body(), System.currentTimeMillis()));
            else forget(m.body().node()); // a goodbye (or not yet warmed up)
        })
                .completion().onComplete(r -> vertx.eventBus().publish(Addresses.SAMPLER_DISCOVER, ""));
        vertx.setPeriodic(Math.max(100, expiryMs / 4), id -> expire());
    }

    /** The sampler to run a job of {@code items} images of {@code model}, if any advertised one fits. */
    Optional<String> pick(String model, int items) {
        return samplers.values().stream().map(Seen::status)
                .filter(s -> s.ready() && s.capacity() - s.live() >= items)
                .filter(s -> s.models().stream().anyMatch(m -> m.name().equals(model)))
                .min(Comparator.comparingDouble(s -> (double) s.live() / s.capacity()))
                .map(SamplerStatus::node);
    }

    /** Drops a sampler at once (it said goodbye, or a request found nobody at its address). */
    void forget(String node) {
        if (samplers.remove(node) != null) onLost.accept(node);
    }

    boolean anyReady() {
        return samplers.values().stream().anyMatch(s -> s.status().ready());
    }

    List<SamplerStatus> samplers() {
        return samplers.values().stream().map(Seen::status).toList();
    }

    /** Every model some sampler serves (the newest version when samplers disagree). */
    List<SamplerStatus.ModelInfo> models() {
        Map<String, SamplerStatus.ModelInfo> byName = new TreeMap<>();
        for (Seen s : samplers.values()) {
            for (SamplerStatus.ModelInfo m : s.status().models()) {
                byName.merge(m.name(), m, (a, b) -> a.version() >= b.version() ? a : b);
            }
        }
        return new ArrayList<>(byName.values());
    }

    private void expire() {
        long now = System.currentTimeMillis();
        List<String> lost = new ArrayList<>();
        samplers.entrySet().removeIf(e -> {
            boolean gone = now - e.getValue().at() > expiryMs;
            if (gone) lost.add(e.getKey());
            return gone;
        });
        lost.forEach(onLost);
    }
}
