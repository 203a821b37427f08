package io.guidestream.sampler;

import io.guidestream.sampling.EngineListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sampler's meters (docs/ARCHITECTURE.md, Operations). The engine reports ticks and batched steps through
 * {@link EngineListener} on the sampler thread; the gauges read values that thread publishes, because scrapes come
 * from another thread and the engine is not thread-safe.
 */
final class SamplerMeters implements EngineListener {
    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096};

    private final MeterRegistry registry;
    private final AtomicInteger liveItems = new AtomicInteger();
    private final AtomicInteger liveJobs = new AtomicInteger();
    private final Timer tick;
    private final DistributionSummary tickItems;
    private final Map<String, Timer> steps = new HashMap<>();
    private final Map<String, Counter> classifierItems = new HashMap<>();

    SamplerMeters(MeterRegistry registry, int capacity, String device) {
        this.registry = registry;
        Gauge.builder("guidestream.sampler.live.items", liveItems, AtomicInteger::get).strongReference(true)
                .description("Trajectory items in flight (the images of live jobs)").register(registry);
        Gauge.builder("guidestream.sampler.live.jobs", liveJobs, AtomicInteger::get).strongReference(true)
                .description("Live generation jobs").register(registry);
        Gauge.builder("guidestream.sampler.capacity.items", () -> capacity).tag("device", device)
                .description("Most items in flight (sampler.capacity); admission beyond it answers CAPACITY")
                .register(registry);
        // Admission is immediate or refused (CAPACITY): a sampler never keeps a backlog.
        Gauge.builder("guidestream.queue.depth", () -> 0).tag("queue", "sampler")
                .description("Work waiting to start").register(registry);
        tick = latency("guidestream.sampler.tick", "One tick: every live job advanced by one step").register(registry);
        tickItems = DistributionSummary.builder("guidestream.sampler.tick.items").serviceLevelObjectives(BATCH_BUCKETS)
                .description("Items advanced per tick (the batch size)").register(registry);
    }

    private static Timer.Builder latency(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30));
    }

    /** Called on the sampler thread whenever jobs join or leave. */
    void live(int jobs, int items) {
        liveJobs.set(jobs);
        liveItems.set(items);
    }

    @Override
    public void modelStep(String model, int items, long nanos) {
        steps.computeIfAbsent(model, m -> latency("guidestream.sampler.step",
                "One batched step of one model (forward pass, classifier probes, updates)").tag("model", m)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void classifierPass(String classifier, int items) {
        classifierItems.computeIfAbsent(classifier, c -> Counter.builder("guidestream.sampler.classifier.items")
                .description("Items passed through a classifier's forward and backward (guidance or telemetry)")
                .tag("classifier", c).register(registry)).increment(items);
    }

    @Override
    public void tick(int jobs, int items, long nanos) {
        tick.record(nanos, TimeUnit.NANOSECONDS);
        tickItems.record(items);
    }
}
