package io.guidestream.http;

import io.guidestream.bus.Addresses;
import io.guidestream.bus.SamplerStatus;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What a gateway knows of the samplers: each one's {@link SamplerLoad} (its adverts plus the jobs this gateway sent it
 * since), in the order {@link SamplerRanking} offers them jobs. A sampler that stops answering is out of routing at
 * once ({@link #suspect}) and back with its next advert; one whose adverts stop for {@code expiryMs}, or that says
 * goodbye, is forgotten, and {@code onLost} is told, so that its jobs end with a clear error rather than hang.
 * Event-loop confined.
 */
final class SamplerDirectory {
    private final long expiryMs;
    private final RoutingMetrics metrics;
    private final Consumer<String> onLost;
    private final Map<String, SamplerLoad> samplers = new TreeMap<>();

    SamplerDirectory(Vertx vertx, long expiryMs, RoutingMetrics metrics, Consumer<String> onLost) {
        this.expiryMs = expiryMs;
        this.metrics = metrics;
        this.onLost = onLost;
        vertx.eventBus().<SamplerStatus>consumer(Addresses.SAMPLER_ADVERTS, m -> advert(m.body()))
                .completion().onComplete(r -> vertx.eventBus().publish(Addresses.SAMPLER_DISCOVER, ""));
        vertx.setPeriodic(Math.max(100, expiryMs / 4), id -> expire());
    }

    private void advert(SamplerStatus s) {
        if (!s.ready()) {
            forget(s.node()); // a goodbye
            return;
        }
        long now = System.currentTimeMillis();
        SamplerLoad load = samplers.get(s.node());
        if (load == null) samplers.put(s.node(), load = new SamplerLoad(s, now));
        else load.advert(s, now);
        metrics.activeItems(s.node(), load.items());
    }

    /** Samplers to offer {@code items} images of {@code model}, best first, leaving out {@code tried}. */
    List<String> rank(String model, int items, Set<String> tried) {
        return SamplerRanking.rank(samplers.values(), model, items, tried);
    }

    /** Whether any known sampler lists the model (answering or not, with room or not). */
    boolean anyServes(String model) {
        return samplers.values().stream().anyMatch(s -> s.serves(model));
    }

    /** Why no sampler took {@code items} images of {@code model}: for the client's CAPACITY error. */
    String noRoom(String model, int items) {
        long serving = samplers.values().stream().filter(s -> s.serves(model)).count();
        if (serving == 0) return "no sampler is available";
        return "no sampler has room for " + items + (items == 1 ? " image" : " images") + " of " + model + " ("
                + serving + (serving == 1 ? " sampler serves" : " samplers serve") + " it)";
    }

    /** This gateway sent a job to {@code node}: it counts there from now. */
    void sent(String node, String jobId, String model, int items) {
        if (with(node, s -> s.sent(jobId, model, items))) metrics.routed(node);
    }

    /** {@code node} took the job with this admission number. */
    void taken(String node, String jobId, String model, int items, long admission) {
        with(node, s -> s.taken(jobId, model, items, admission));
    }

    /** The job ended, or will not run on {@code node}. */
    void release(String node, String jobId) {
        with(node, s -> s.forget(jobId));
    }

    /** {@code node} did not answer in time: out of routing until its next advert. */
    void suspect(String node) {
        if (with(node, SamplerLoad::suspect)) metrics.refused(node, RoutingMetrics.Refusal.UNANSWERED);
    }

    /** {@code node} had no room for a job: out of routing until its next advert. */
    void full(String node) {
        if (with(node, SamplerLoad::full)) metrics.refused(node, RoutingMetrics.Refusal.CAPACITY);
    }

    /** Drops a sampler at once (it said goodbye, or the bus has no handler at its address any more). */
    void forget(String node) {
        if (samplers.remove(node) == null) return;
        metrics.remove(node);
        onLost.accept(node);
    }

    /** Whether some sampler is ready (only ready ones are kept: "not ready" is a goodbye). */
    boolean anyReady() {
        return !samplers.isEmpty();
    }

    List<SamplerStatus> samplers() {
        return samplers.values().stream().map(SamplerLoad::advert).toList();
    }

    /** Every model some sampler serves (the newest version when samplers disagree). */
    List<SamplerStatus.ModelInfo> models() {
        Map<String, SamplerStatus.ModelInfo> byName = new TreeMap<>();
        for (SamplerLoad s : samplers.values()) {
            for (SamplerStatus.ModelInfo m : s.advert().models()) {
                byName.merge(m.name(), m, (a, b) -> a.version() >= b.version() ? a : b);
            }
        }
        return new ArrayList<>(byName.values());
    }

    /** Applies {@code change} to the sampler if it is known (false if not). */
    private boolean with(String node, Consumer<SamplerLoad> change) {
        SamplerLoad s = samplers.get(node);
        if (s == null) return false;
        change.accept(s);
        metrics.activeItems(node, s.items());
        return true;
    }

    private void expire() {
        long now = System.currentTimeMillis();
        samplers.values().stream().filter(s -> now - s.advertAt() > expiryMs).map(SamplerLoad::node).toList()
                .forEach(this::forget);
    }
}
