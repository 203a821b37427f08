package io.guidestream.sampler;

import io.guidestream.app.AppConfig;
import io.guidestream.bus.Addresses;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.SamplerStatus;
import io.guidestream.bus.StepFrame;
import io.guidestream.nn.GradMode;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.sampling.FrameSink;
import io.guidestream.sampling.ModelStore;
import io.guidestream.sampling.SamplingEngine;
import io.guidestream.sampling.SamplingException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sampler role: the {@link SamplingEngine} behind the event bus. Deployed as a worker verticle on its own pool of
 * one thread, so every handler and every tick runs on that thread, one at a time: a tick is one step of every live
 * job, and messages that arrive meanwhile (new jobs, cancellations) are handled before the next tick.
 */
public final class SamplerVerticle extends AbstractVerticle {
    private static final Logger LOG = Logger.getLogger(SamplerVerticle.class.getName());

    private final AppConfig config;
    private final MeterRegistry meterRegistry;
    private SamplerMeters meters;
    private final String node = "sampler-" + UUID.randomUUID().toString().substring(0, 8);
    private SamplingEngine engine;
    private FrameSink sink;
    private SamplerOutbox outbox;
    private boolean tickScheduled;
    private volatile boolean ready;
    private final java.util.concurrent.atomic.AtomicReference<SamplerStatus> snapshot =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** The registry's default cards; what is advertised overlays the versions actually loaded ({@link ModelCatalog}). */
    private java.util.List<ModelCard> defaults = java.util.List.of();

    public SamplerVerticle(AppConfig config, MeterRegistry meterRegistry) {
        this.config = config;
        this.meterRegistry = meterRegistry;
    }

    @Override
    public void start(Promise<Void> started) {
        GradMode.disableOnThisThread(); // the pool has one thread: every later handler runs here too
        ModelRegistry registry = new ModelRegistry(java.nio.file.Path.of(config.registry().dir()));
        ai.djl.Device device;
        try {
            device = SamplerDevice.resolve(config.sampler().device());
        } catch (IllegalStateException e) {
            started.fail(e);
            return;
        }
        LOG.info("sampler " + node + " computes on " + device);
        engine = new SamplingEngine(new ModelStore(registry, device), config.sampler().capacity(), node);
        meters = new SamplerMeters(meterRegistry, engine.capacity(), SamplerDevice.label(device));
        engine.listener(meters);
        outbox = new SamplerOutbox(snapshot);
        sink = new BusSink(outbox);
        // The outbox first: every reply goes through it. Its callback runs back on this (worker) context.
        vertx.deployVerticle(outbox).<Void>map(id -> {
            listen();
            Warmup.run(engine, config.sampler().warmModels());
            defaults = ModelCatalog.defaults(registry);
            ready = true;
            refreshSnapshot();
            return null;
        }).onComplete(started);
    }

    private void listen() {
        EventBus bus = vertx.eventBus();
        bus.<GenerateCommand>consumer(Addresses.GENERATE, this::onGenerate);
        bus.<GenerateCommand>consumer(Addresses.generateOn(node), this::onGenerate);
        bus.<String>consumer(Addresses.CANCEL, m -> {
            if (engine.cancel(m.body(), sink)) refreshSnapshot();
        });
        bus.<String>consumer(Addresses.SAMPLER_STATUS, m -> outbox.reply(m, status()));
        bus.<String>consumer(Addresses.REGISTRY_PUBLISHED, m -> onPublished(m.body()));
    }

    private void onGenerate(Message<GenerateCommand> message) {
        GenerateCommand cmd = message.body();
        try {
            outbox.reply(message, engine.admit(cmd));
            refreshSnapshot();
            scheduleTick();
        } catch (SamplingException e) {
            outbox.reply(message, new JobEvent.Failed(cmd.jobId(), e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "admission failed for " + cmd.jobId(), e);
            outbox.reply(message, new JobEvent.Failed(cmd.jobId(), ErrorCode.INTERNAL, "admission failed: " + e));
        }
    }

    /**
     * {@code name/version} was published: hot-load it for new jobs (running jobs finish on their version), then
     * advertise what is served now.
     */
    private void onPublished(String nameAndVersion) {
        String name = nameAndVersion.split("/", 2)[0];
        defaults = ModelCatalog.defaults(engine.models().registry());
        try {
            if (engine.modelPublished(name)) LOG.info("hot-loaded " + nameAndVersion);
        } catch (SamplingException e) {
            LOG.warning("cannot hot-load " + nameAndVersion + ", keeping the old version: " + e.getMessage());
        }
        refreshSnapshot();
    }

    private void scheduleTick() {
        if (tickScheduled || engine.idle()) return;
        tickScheduled = true;
        // runOnContext queues behind messages already waiting, so arrivals and cancels interleave with steps.
        context.runOnContext(v -> {
            tickScheduled = false;
            engine.tick(sink);
            refreshSnapshot();
            scheduleTick();
        });
    }

    /** Whether the default models are loaded and warmed and the sampler is not shutting down. */
    public boolean ready() {
        return ready;
    }

    private SamplerStatus status() {
        return new SamplerStatus(node, ready, engine.liveItems(), engine.capacity(),
                ModelCatalog.describe(defaults, engine.models()));
    }

    private void refreshSnapshot() {
        snapshot.set(status());
        meters.live(engine.liveJobs(), engine.liveItems());
    }

    /** Graceful stop: every running job gets a final retryable error, then gateways get a goodbye. */
    @Override
    public void stop(Promise<Void> stopped) {
        ready = false;
        if (engine == null) {
            stopped.complete();
            return;
        }
        engine.failAll(sink, "sampler " + node + " is shutting down; resubmit the job");
        refreshSnapshot();
        outbox.goodbye().onComplete(v -> {
            engine.close();
            stopped.complete();
        });
    }

    /** Sends a job's output, through the outbox, to the gateway address named in its command. */
    private record BusSink(SamplerOutbox outbox) implements FrameSink {
        @Override
        public void frame(GenerateCommand job, StepFrame frame) {
            outbox.send(job.replyAddress(), frame);
        }

        @Override
        public void done(GenerateCommand job, JobEvent.Done done) {
            outbox.send(job.replyAddress(), done);
        }

        @Override
        public void failed(GenerateCommand job, JobEvent.Failed failed) {
            outbox.send(job.replyAddress(), failed);
        }
    }
}
