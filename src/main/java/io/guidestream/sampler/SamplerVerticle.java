package io.guidestream.sampler;

import io.guidestream.app.AppConfig;
import io.guidestream.bus.Addresses;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.SamplerStatus;
import io.guidestream.bus.StepFrame;
import io.guidestream.nn.GradMode;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.sampling.FrameSink;
import io.guidestream.sampling.ModelStore;
import io.guidestream.sampling.SamplingEngine;
import io.guidestream.sampling.SamplingException;
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
    private final String node = "sampler-" + UUID.randomUUID().toString().substring(0, 8);
    private SamplingEngine engine;
    private FrameSink sink;
    private boolean tickScheduled;
    private volatile boolean ready;

    public SamplerVerticle(AppConfig config) {
        this.config = config;
    }

    @Override
    public void start(Promise<Void> started) {
        GradMode.disableOnThisThread(); // the pool has one thread: every later handler runs here too
        ModelRegistry registry = new ModelRegistry(java.nio.file.Path.of(config.registry().dir()));
        engine = new SamplingEngine(new ModelStore(registry), config.sampler().capacity(), node);
        sink = new BusSink(vertx.eventBus());
        EventBus bus = vertx.eventBus();
        bus.<GenerateCommand>consumer(Addresses.GENERATE, this::onGenerate);
        bus.<String>consumer(Addresses.CANCEL, m -> engine.cancel(m.body(), sink));
        bus.<String>consumer(Addresses.SAMPLER_STATUS, m -> m.reply(status()));
        bus.<String>consumer(Addresses.REGISTRY_PUBLISHED, m -> onPublished(m.body()));
        Warmup.run(engine, config.sampler().warmModels());
        ready = true;
        started.complete();
    }

    private void onGenerate(Message<GenerateCommand> message) {
        GenerateCommand cmd = message.body();
        try {
            message.reply(engine.admit(cmd));
            scheduleTick();
        } catch (SamplingException e) {
            message.reply(new JobEvent.Failed(cmd.jobId(), e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "admission failed for " + cmd.jobId(), e);
            message.reply(new JobEvent.Failed(cmd.jobId(), ErrorCode.INTERNAL, "admission failed: " + e));
        }
    }

    /** {@code name/version} was published: hot-load it for new jobs; running jobs finish on their version. */
    private void onPublished(String nameAndVersion) {
        String name = nameAndVersion.split("/", 2)[0];
        try {
            if (engine.modelPublished(name)) LOG.info("hot-loaded " + nameAndVersion);
        } catch (SamplingException e) {
            LOG.warning("cannot hot-load " + nameAndVersion + ", keeping the old version: " + e.getMessage());
        }
    }

    private void scheduleTick() {
        if (tickScheduled || engine.idle()) return;
        tickScheduled = true;
        // runOnContext queues behind messages already waiting, so arrivals and cancels interleave with steps.
        context.runOnContext(v -> {
            tickScheduled = false;
            engine.tick(sink);
            scheduleTick();
        });
    }

    private SamplerStatus status() {
        return new SamplerStatus(node, ready, engine.liveItems(), engine.capacity(),
                ModelCatalog.describe(engine.models().registry()));
    }

    @Override
    public void stop() {
        if (engine != null) {
            engine.cancelAll(sink, "the sampler is shutting down");
            engine.close();
        }
    }

    /** Sends a job's output to the gateway address named in its command. */
    private record BusSink(EventBus bus) implements FrameSink {
        @Override
        public void frame(GenerateCommand job, StepFrame frame) {
            bus.send(job.replyAddress(), frame);
        }

        @Override
        public void done(GenerateCommand job, JobEvent.Done done) {
            bus.send(job.replyAddress(), done);
        }

        @Override
        public void failed(GenerateCommand job, JobEvent.Failed failed) {
            bus.send(job.replyAddress(), failed);
        }
    }
}
