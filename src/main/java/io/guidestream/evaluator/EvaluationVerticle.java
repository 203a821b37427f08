package io.guidestream.evaluator;

import io.guidestream.bus.Addresses;
import io.guidestream.bus.EvalCommand;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.JobProgress;
import io.guidestream.config.DataConfig;
import io.guidestream.config.EvaluatorConfig;
import io.guidestream.config.RegistryConfig;
import io.guidestream.jobs.SerialJobQueue;
import io.guidestream.registry.ModelRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The evaluator role. Like the trainer's, its jobs run one at a time on a worker thread of their own
 * ({@link SerialJobQueue}: DJL work never runs on an event loop, and one job at a time keeps timings comparable), and
 * status and cancel requests are answered while a job runs. A request is checked against the registry before it is
 * queued; a full queue answers CAPACITY. Results are stored beside the evaluated model version ({@link ResultStore}).
 */
public final class EvaluationVerticle extends AbstractVerticle {
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final EvaluatorConfig config;
    private final RegistryConfig models;
    private final DataConfig data;
    private final MeterRegistry meterRegistry;
    private SerialJobQueue<EvaluationJob> jobs;
    private EvaluationJob.Environment environment;

    /** @param models the registry it evaluates and stores in; @param data the test set of its reference statistics */
    public EvaluationVerticle(EvaluatorConfig config, RegistryConfig models, DataConfig data,
            MeterRegistry meterRegistry) {
        this.config = config;
        this.models = models;
        this.data = data;
        this.meterRegistry = meterRegistry;
    }

    @Override
    public void start() {
        jobs = new SerialJobQueue<>(vertx, meterRegistry, "evaluation", config.queueSize());
        environment = new EvaluationJob.Environment(new ModelRegistry(models.path()), data.path());
        vertx.eventBus().<EvalCommand>consumer(Addresses.EVAL_SUBMIT, this::onSubmit);
        vertx.eventBus().<String>consumer(Addresses.EVAL_STATUS, m -> jobs.answer(m, false));
        vertx.eventBus().<String>consumer(Addresses.EVAL_CANCEL, m -> jobs.answer(m, true));
    }

    private void onSubmit(Message<EvalCommand> m) {
        EvalCommand cmd = m.body();
        try {
            EvalPlan.resolve(environment.registry(), cmd);
        } catch (EvaluationException e) {
            m.reply(new JobEvent.Failed(cmd.jobId(), e.code(), e.getMessage()));
            return;
        }
        EvaluationJob job = new EvaluationJob(cmd, environment, this::report);
        JobProgress queued = job.progress();
        m.reply(jobs.submit(cmd.jobId(), job).<Object>map(refused -> refused).orElse(queued));
    }

    /** Called from the worker thread: publishes for watchers (the bus is thread-safe). */
    private void report(JobProgress p) {
        vertx.eventBus().publish(Addresses.jobProgress(p.jobId()), p);
    }

    /** Waiting jobs are cancelled; the running one stops before its next sampler step. */
    @Override
    public void stop(Promise<Void> stopped) {
        jobs.stop(STOP_WAIT).onComplete(ar -> stopped.complete());
    }
}
