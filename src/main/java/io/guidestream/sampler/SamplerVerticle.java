package io.guidestream.sampler;

import io.guidestream.bus.Addresses;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.StepFrame;
import io.guidestream.config.RegistryConfig;
import io.guidestream.config.SamplerConfig;
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
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sampler role: the {@link SamplingEngine} behind the event bus. Deployed as a worker verticle on its own pool of
 * one thread, so every handler and every tick runs on that thread, one at a time: a tick is one step of every live
 * job, and the work that arrives meanwhile (new jobs, cancellations, handed over by the {@link SamplerFront} in the
 * order they came) is done before the next tick.
 */
public final class SamplerVerticle extends AbstractVerticle {
    private static final Logger LOG = Logger.getLogger(SamplerVerticle.class.getName());

    private final SamplerConfig config;
    private final RegistryConfig models;
    private final MeterRegistry meterRegistry;
    private SamplerMeters meters;
    private final String node = "sampler-" + UUID.randomUUID().toString().substring(0, 8);
    private SamplingEngine engine;
    private FrameSink sink;
    private SamplerFront front;
    private boolean tickScheduled;
    private volatile boolean ready;
    /** The registry's default cards; what is advertised overlays the versions actually loaded ({@link ModelCatalog}). */
    private java.util.List<ModelCard> defaults = java.util.List.of();

    /** @param models the registry the sampler loads its models from */
    public SamplerVerticle(SamplerConfig config, RegistryConfig models, MeterRegistry meterRegistry) {
        this.config = config;
        this.models = models;
        this.meterRegistry = meterRegistry;
    }

    @Override
    public void start(Promise<Void> started) {
        GradMode.disableOnThisThread(); // the pool has one thread: every later handler runs here too
        ModelRegistry registry = new ModelRegistry(models.path());
        ai.djl.Device device;
        try {
            device = SamplerDevice.resolve(config.device());
        } catch (IllegalStateException e) {
            started.fail(e);
            return;
        }
        LOG.info("sampler " + node + " computes on " + device);
        engine = new SamplingEngine(new ModelStore(registry, device), config.capacity(), node, true,
                config.laneItems());
        meters = new SamplerMeters(meterRegistry, engine.capacity(), SamplerDevice.label(device));
        engine.listener(meters);
        Warmup.run(engine, config.warmModels());
        defaults = ModelCatalog.defaults(registry);
        front = new SamplerFront(node, engine.capacity(), ModelCatalog.describe(defaults, engine.models()),
                new SamplerFront.SamplerThread(context, this::onAdmit, this::onCancel));
        sink = new BusSink(front);
        vertx.eventBus().<String>consumer(Addresses.REGISTRY_PUBLISHED, m -> onPublished(m.body()));
        ready = true;
        vertx.deployVerticle(front).<Void>mapEmpty().onComplete(started); // it takes jobs from now on
    }

    /** A job the front holds slots for: check it against the models and start it at the next tick. */
    private void onAdmit(GenerateCommand cmd) {
        if (!ready) { // it arrived as the sampler began to stop: the gateway offers it to another one
            front.finish(cmd, new JobEvent.Failed(cmd.jobId(), ErrorCode.CAPACITY, "sampler " + node
                    + " is shutting down"));
            return;
        }
        try {
            JobEvent.Accepted accepted = engine.admit(cmd);
            refreshMeters(); // before "accepted" leaves, so that whoever reads it sees the job counted
            front.send(cmd, accepted);
            scheduleTick();
        } catch (SamplingException e) {
            front.finish(cmd, new JobEvent.Failed(cmd.jobId(), e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "admission failed for " + cmd.jobId(), e);
            front.finish(cmd, new JobEvent.Failed(cmd.jobId(), ErrorCode.INTERNAL, "admission failed: " + e));
        }
    }

    private void onCancel(String jobId) {
        if (engine.cancel(jobId, sink)) refreshMeters();
    }

    /**
     * {@code name/version} was published: hot-load it for new jobs (running jobs finish on their version), then
     * advertise what is served now (an older version when the new one's files are damaged).
     */
    private void onPublished(String nameAndVersion) {
        String name = nameAndVersion.split("/", 2)[0];
        defaults = ModelCatalog.defaults(engine.models().registry());
        try {
            if (engine.modelPublished(name)) LOG.info("hot-loaded " + nameAndVersion);
        } catch (SamplingException e) {
            LOG.warning("cannot hot-load " + nameAndVersion + ", keeping the old version: " + e.getMessage());
        }
        front.catalog(ModelCatalog.describe(defaults, engine.models()));
    }

    private void scheduleTick() {
        if (tickScheduled || engine.idle()) return;
        tickScheduled = true;
        // runOnContext queues behind work already waiting, so arrivals and cancels interleave with steps.
        context.runOnContext(v -> {
            tickScheduled = false;
            engine.tick(sink);
            refreshMeters();
            scheduleTick();
        });
    }

    /** This sampler's id: the node of its adverts, of {@code accepted} messages and of the gateways' meters. */
    public String node() {
        return node;
    }

    /** Whether the default models are loaded and warmed and the sampler is not shutting down. */
    public boolean ready() {
        return ready;
    }

    private void refreshMeters() {
        meters.live(engine.liveJobs(), engine.liveItems());
    }

    /** Graceful stop: no new jobs, every running job gets a final retryable error, then gateways get a goodbye. */
    @Override
    public void stop(Promise<Void> stopped) {
        ready = false;
        if (front == null) {
            if (engine != null) engine.close();
            stopped.complete();
            return;
        }
        front.close();
        engine.failAll(sink, "sampler " + node + " is shutting down; resubmit the job");
        refreshMeters();
        front.goodbye().onComplete(v -> {
            engine.close();
            stopped.complete();
        });
    }

    /** Sends a job's output through the front; a job's last message frees its slots there. */
    private record BusSink(SamplerFront front) implements FrameSink {
        @Override
        public void frame(GenerateCommand job, StepFrame frame) {
            front.send(job, frame);
        }

        @Override
        public void done(GenerateCommand job, JobEvent.Done done) {
            front.finish(job, done);
        }

        @Override
        public void failed(GenerateCommand job, JobEvent.Failed failed) {
            front.finish(job, failed);
        }
    }
}
