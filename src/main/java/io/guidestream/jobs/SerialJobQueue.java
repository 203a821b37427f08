package io.guidestream.jobs;

import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.JobEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The trainer's and the evaluator's job handling: jobs run one at a time on a dedicated worker thread, others wait in
 * a bounded queue, and every job's latest progress stays answerable by id (the last {@code KEEP_FINISHED} finished
 * ones are kept). State is confined to the owning verticle's event loop, so status and cancel requests are answered
 * while a job runs. The queue's length is a gauge {@code guidestream.queue.depth{queue=…}}.
 */
public final class SerialJobQueue<J extends QueuedJob> {
    private static final int KEEP_FINISHED = 100;

    private final String noun;
    private final int capacity;
    private final WorkerExecutor executor;
    /** The queue's length, for scrapes from other threads. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final Map<String, J> jobs = new LinkedHashMap<>();
    private final Deque<J> queue = new ArrayDeque<>();
    private J running;
    /** Completes when the running job's worker call returns (its checkpoint or result written). */
    private Future<Void> runningDone = Future.succeededFuture();

    /**
     * @param noun     what the jobs are, for messages ("training", "evaluation"); also the gauge's queue tag
     * @param capacity jobs that may wait behind the running one
     */
    public SerialJobQueue(Vertx vertx, MeterRegistry meters, String noun, int capacity) {
        this.noun = noun;
        this.capacity = capacity;
        this.executor = vertx.createSharedWorkerExecutor("guidestream-" + noun, 1, 30, TimeUnit.DAYS);
        Gauge.builder("guidestream.queue.depth", waiting, AtomicInteger::get).tag("queue", noun)
                .description("Work waiting to start").strongReference(true).register(meters);
    }

    /** Queues {@code job} under {@code id}; an empty result, or the CAPACITY refusal when the queue is full. */
    public Optional<JobEvent.Failed> submit(String id, J job) {
        if (queue.size() >= capacity && running != null) {
            return Optional.of(new JobEvent.Failed(id, ErrorCode.CAPACITY, "the " + noun
                    + " queue is full (" + queue.size() + " waiting behind the running job)"));
        }
        jobs.put(id, job);
        queue.add(job);
        forgetOldJobs();
        pump();
        return Optional.empty();
    }

    /** Answers status ({@code cancel} false) or cancel requests whose body is a job id, NOT_FOUND for unknown ids. */
    public void answer(Message<String> m, boolean cancel) {
        J job = jobs.get(m.body());
        if (job == null) {
            m.reply(new JobEvent.Failed(m.body(), ErrorCode.NOT_FOUND, "no " + noun + " job " + m.body()));
            return;
        }
        if (cancel) cancel(job);
        m.reply(job.progress());
    }

    private void cancel(J job) {
        if (queue.remove(job)) job.cancelQueued();
        else job.requestCancel();
        waiting.set(queue.size());
    }

    private void pump() {
        waiting.set(queue.size());
        if (running != null || queue.isEmpty()) return;
        J job = queue.poll();
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

    private void forgetOldJobs() {
        var it = jobs.values().iterator();
        while (jobs.size() > KEEP_FINISHED && it.hasNext()) {
            if (it.next().progress().finished()) it.remove();
        }
    }

    /**
     * Graceful shutdown: waiting jobs are cancelled, the running one is asked to stop, and the returned future
     * completes when it has (at most {@code wait} later), so that its checkpoint or result is written whole before
     * the worker pool closes.
     */
    public Future<Void> stop(Duration wait) {
        queue.forEach(QueuedJob::cancelQueued);
        queue.clear();
        waiting.set(0);
        if (running != null) running.requestCancel();
        return runningDone.timeout(wait.toMillis(), TimeUnit.MILLISECONDS).otherwiseEmpty()
                .onComplete(ar -> executor.close());
    }

    /** Every known job id (running, waiting, recently finished): a training job may resume from one. */
    public Set<String> ids() {
        return Collections.unmodifiableSet(jobs.keySet());
    }
}
