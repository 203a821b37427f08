package io.guidestream.trainer;

import io.guidestream.app.AppConfig;
import io.guidestream.app.SourceRevision;
import io.guidestream.bus.Addresses;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.JobProgress;
import io.guidestream.bus.TrainCommand;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.training.TrainingSpec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The trainer role. Its state (the queue, every job's latest progress) lives on this verticle's event loop, so status
 * and cancel requests are answered while a job trains; the jobs themselves run one at a time on a dedicated worker
 * thread. Waiting jobs sit in a bounded queue (a full queue answers CAPACITY). A finished job is published to the
 * registry, which announces it on {@code registry.published}.
 */
public final class TrainingVerticle extends AbstractVerticle {
    private static final int KEEP_FINISHED = 100;
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final AppConfig config;
    private final MeterRegistry meterRegistry;
    /** The queue's length, for scrapes from other threads (the queue itself is event-loop confined). */
    private final AtomicInteger waiting = new AtomicInteger();
    private final Map<String, TrainingJob> jobs = new LinkedHashMap<>();
    private final Deque<TrainingJob> queue = new ArrayDeque<>();
    private TrainingJob running;
    /** Completes when the running job's worker call returns (its checkpoint or result written). */
    private Future<Void> runningDone = Future.succeededFuture();
    private WorkerExecutor executor;
    private TrainingJob.Environment environment;

    public TrainingVerticle(AppConfig config, MeterRegistry meterRegistry) {
        this.config = config;
        this.meterRegistry = meterRegistry;
    }

    @Override
    public void start() {
        Gauge.builder("guidestream.queue.depth", waiting, AtomicInteger::get).tag("queue", "training")
                .description("Work waiting to start").strongReference(true).register(meterRegistry);
        executor = vertx.createSharedWorkerExecutor("guidestream-trainer", 1, 30, TimeUnit.DAYS);
        ModelRegistry registry = new ModelRegistry(Path.of(config.registry().dir()));
        registry.addListener(v -> vertx.eventBus().publish(Addresses.REGISTRY_PUBLISHED, v.name() + "/" + v.version()));
        environment = new TrainingJob.Environment(registry, Path.of(config.trainer().runsDir()),
                Path.of(config.trainer().dataDir()), SourceRevision.get());
        vertx.eventBus().<TrainCommand>consumer(Addresses.TRAIN_SUBMIT, this::onSubmit);
        vertx.eventBus().<String>consumer(Addresses.TRAIN_STATUS, m -> withJob(m, j -> m.reply(j.progress())));
        vertx.eventBus().<String>consumer(Addresses.TRAIN_CANCEL, m -> withJob(m, j -> {
            cancel(j);
            m.reply(j.progress());
        }));
    }

    private void onSubmit(Message<TrainCommand> m) {
        TrainCommand cmd = m.body();
        TrainingSpec spec;
        try {
            spec = TrainingPlans.toSpec(cmd);
            environment.checkReferences(cmd, jobs.keySet());
        } catch (IllegalArgumentException e) {
            m.reply(new JobEvent.Failed(cmd.jobId(), ErrorCode.BAD_REQUEST, e.getMessage()));
            return;
        }
        if (queue.size() >= config.trainer().queueSize() && running != null) {
            m.reply(new JobEvent.Failed(cmd.jobId(), ErrorCode.CAPACITY, "the training queue is full ("
                    + queue.size() + " waiting behind the running job)"));
            return;
        }
        TrainingJob job = new TrainingJob(cmd, spec, environment, this::report);
        jobs.put(cmd.jobId(), job);
        queue.add(job);
        forgetOldJobs();
        m.reply(job.progress());
        pump();
    }

    private void pump() {
        waiting.set(queue.size());
        if (running != null || queue.isEmpty()) return;
        TrainingJob job = queue.poll();
        waiting.set(queue.size());
        running = job;
        runningDone = executor.<Void>executeBlocking(() -> {
            job.run();
            return null;
        }, false).onComplete(ar -> {
            running = null;
            pump();
        });
    }

    private void cancel(TrainingJob job) {
        if (queue.remove(job)) job.cancelQueued();
        else job.requestCancel();
        waiting.set(queue.size());
    }

    /** Called from the training thread: publishes for watchers (the bus is thread-safe). */
    private void report(JobProgress p) {
        vertx.eventBus().publish(Addresses.jobProgress(p.jobId()), p);
    }

    private void withJob(Message<String> m, java.util.function.Consumer<TrainingJob> action) {
        TrainingJob j = jobs.get(m.body());
        if (j == null) m.reply(new JobEvent.Failed(m.body(), ErrorCode.NOT_FOUND, "no training job " + m.body()));
        else action.accept(j);
    }

    private void forgetOldJobs() {
        var it = jobs.values().iterator();
        while (jobs.size() > KEEP_FINISHED && it.hasNext()) {
            if (it.next().progress().finished()) it.remove();
        }
    }

    /**
     * Graceful shutdown: waiting jobs are cancelled, the running one is asked to stop and the verticle waits for it
     * (up to {@code STOP_WAIT}), so that its checkpoint or result is written whole before the worker pool closes.
     */
    @Override
    public void stop(Promise<Void> stopped) {
        queue.forEach(TrainingJob::cancelQueued);
        queue.clear();
        if (running != null) running.requestCancel();
        runningDone.timeout(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .onComplete(ar -> stopped.complete());
    }
}
