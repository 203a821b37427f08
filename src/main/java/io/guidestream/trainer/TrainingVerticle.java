package io.guidestream.trainer;

import io.guidestream.bus.Addresses;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.JobProgress;
import io.guidestream.bus.TrainCommand;
import io.guidestream.config.DataConfig;
import io.guidestream.config.RegistryConfig;
import io.guidestream.config.TrainerConfig;
import io.guidestream.jobs.SerialJobQueue;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.training.TrainingSpec;
import io.guidestream.util.SourceRevision;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The trainer role: training jobs run one at a time on a worker thread of their own, others wait in a bounded queue
 * ({@link SerialJobQueue}; a full queue answers CAPACITY), and status and cancel requests are answered while a job
 * trains. A finished job is published to the registry, which announces it on {@code registry.published}.
 */
public final class TrainingVerticle extends AbstractVerticle {
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final TrainerConfig config;
    private final RegistryConfig models;
    private final DataConfig data;
    private final MeterRegistry meterRegistry;
    private SerialJobQueue<TrainingJob> jobs;
    private TrainingJob.Environment environment;

    /** @param models the registry it publishes to; @param data the Fashion-MNIST files its presets train on */
    public TrainingVerticle(TrainerConfig config, RegistryConfig models, DataConfig data, MeterRegistry meterRegistry) {
        this.config = config;
        this.models = models;
        this.data = data;
        this.meterRegistry = meterRegistry;
    }

    @Override
    public void start() {
        jobs = new SerialJobQueue<>(vertx, meterRegistry, "training", config.queueSize());
        ModelRegistry registry = new ModelRegistry(models.path());
        registry.addListener(v -> vertx.eventBus().publish(Addresses.REGISTRY_PUBLISHED, v.name() + "/" + v.version()));
        environment = new TrainingJob.Environment(registry, Path.of(config.runsDir()), data.path(),
                SourceRevision.get());
        vertx.eventBus().<TrainCommand>consumer(Addresses.TRAIN_SUBMIT, this::onSubmit);
        vertx.eventBus().<String>consumer(Addresses.TRAIN_STATUS, m -> jobs.answer(m, false));
        vertx.eventBus().<String>consumer(Addresses.TRAIN_CANCEL, m -> jobs.answer(m, true));
    }

    private void onSubmit(Message<TrainCommand> m) {
        TrainCommand cmd = m.body();
        TrainingSpec spec;
        try {
            spec = TrainingPlans.toSpec(cmd);
            environment.checkReferences(cmd, jobs.ids());
        } catch (IllegalArgumentException e) {
            m.reply(new JobEvent.Failed(cmd.jobId(), ErrorCode.BAD_REQUEST, e.getMessage()));
            return;
        }
        TrainingJob job = new TrainingJob(cmd, spec, environment, this::report);
        JobProgress queued = job.progress();
        m.reply(jobs.submit(cmd.jobId(), job).<Object>map(refused -> refused).orElse(queued));
    }

    /** Called from the training thread: publishes for watchers (the bus is thread-safe). */
    private void report(JobProgress p) {
        vertx.eventBus().publish(Addresses.jobProgress(p.jobId()), p);
    }

    /** Waiting jobs are cancelled; the running one stops at a step boundary with a whole checkpoint. */
    @Override
    public void stop(Promise<Void> stopped) {
        jobs.stop(STOP_WAIT).onComplete(ar -> stopped.complete());
    }
}
