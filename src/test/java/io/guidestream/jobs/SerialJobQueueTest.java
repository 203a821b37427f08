package io.guidestream.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.Await;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.JobProgress;
import io.guidestream.bus.codec.RecordCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trainer's and evaluator's queue on a real Vert.x: one job at a time, a bounded wait list, status and cancel
 * answered over the event bus while a job runs, a job cancelled while waiting never runs, and a running one stops
 * when it next polls its cancel flag.
 */
@ExtendWith(VertxExtension.class)
class SerialJobQueueTest {
    private Vertx vertx;
    private Context context;
    private SerialJobQueue<StepJob> queue;

    /** A job that counts steps until cancelled or told to finish; every state change is recorded. */
    static final class StepJob extends QueuedJob {
        final String id;
        final List<JobProgress> seen;
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch finish = new CountDownLatch(1);
        volatile boolean executed;

        StepJob(String id, List<JobProgress> seen) {
            super(seen::add, progress(id, "queued", 0));
            this.id = id;
            this.seen = seen;
        }

        @Override
        protected void execute() {
            executed = true;
            update(progress(id, "running", 0));
            started.countDown();
            long step = 0;
            try {
                while (!finish.await(5, TimeUnit.MILLISECONDS)) {
                    if (cancelRequested()) {
                        update(progress(id, "cancelled", step));
                        return;
                    }
                    step++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            update(progress(id, "completed", step));
        }

        @Override
        public void cancelQueued() {
            update(progress(id, "cancelled", 0));
        }

        static JobProgress progress(String id, String state, long step) {
            return new JobProgress(id, "test", state, step, 100, Double.NaN, 0, 0, state, Map.of());
        }
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        RecordCodec.registerAll(vertx.eventBus());
        context = vertx.getOrCreateContext();
        queue = onContext(() -> {
            SerialJobQueue<StepJob> q = new SerialJobQueue<>(vertx, new SimpleMeterRegistry(), "test", 1);
            vertx.eventBus().<String>consumer("q.status", m -> q.answer(m, false));
            vertx.eventBus().<String>consumer("q.cancel", m -> q.answer(m, true));
            return q;
        });
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void runsOneJobAtATimeAndRefusesBeyondCapacity() throws Exception {
        StepJob a = new StepJob("a", new CopyOnWriteArrayList<>());
        StepJob b = new StepJob("b", new CopyOnWriteArrayList<>());
        StepJob c = new StepJob("c", new CopyOnWriteArrayList<>());
        assertTrue(onContext(() -> queue.submit("a", a)).isEmpty());
        assertTrue(a.started.await(10, TimeUnit.SECONDS));
        assertTrue(onContext(() -> queue.submit("b", b)).isEmpty());
        Optional<JobEvent.Failed> refused = onContext(() -> queue.submit("c", c));

        assertTrue(refused.isPresent(), "a third job must not fit a queue of capacity 1 behind a running job");
        assertEquals(ErrorCode.CAPACITY, refused.get().code());
        assertTrue(refused.get().message().contains("queue is full (1 waiting"), refused.get().message());
        assertEquals("running", status("a").state(), "status is answered while the job runs");
        assertEquals("queued", status("b").state());
        assertFalse(b.executed, "the second job waits for the first");

        a.finish.countDown();
        assertTrue(b.started.await(10, TimeUnit.SECONDS), "the waiting job starts when the running one ends");
        assertEquals("completed", status("a").state());
        b.finish.countDown();
        awaitState("b", "completed");
        assertFalse(c.executed);
    }

    @Test
    void cancellingAWaitingJobMeansItNeverRuns() throws Exception {
        StepJob a = new StepJob("a", new CopyOnWriteArrayList<>());
        StepJob b = new StepJob("b", new CopyOnWriteArrayList<>());
        onContext(() -> queue.submit("a", a));
        assertTrue(a.started.await(10, TimeUnit.SECONDS));
        onContext(() -> queue.submit("b", b));

        JobProgress answer = (JobProgress) request("q.cancel", "b");

        assertEquals("cancelled", answer.state(), "the cancel reply is the job's new state");
        assertEquals(List.of("cancelled"), b.seen.stream().map(JobProgress::state).toList(),
                "watchers hear the cancellation and nothing else");
        a.finish.countDown();
        awaitState("a", "completed");
        // The queue would start b right after a; 100 ms is many times the hand-over it would take.
        Await.assertNeverWithin(Duration.ofMillis(100), () -> b.executed,
                "a job cancelled while waiting must not run");
    }

    @Test
    void cancellingTheRunningJobStopsItAtItsNextStep() throws Exception {
        StepJob a = new StepJob("a", new CopyOnWriteArrayList<>());
        onContext(() -> queue.submit("a", a));
        assertTrue(a.started.await(10, TimeUnit.SECONDS));

        request("q.cancel", "a");

        JobProgress end = awaitState("a", "cancelled");
        assertEquals(List.of("running", "cancelled"), a.seen.stream().map(JobProgress::state).toList());
        assertEquals(end, a.progress());
    }

    @Test
    void unknownIdsAreNotFound(VertxTestContext ctx) {
        vertx.eventBus().request("q.status", "nope").onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
            JobEvent.Failed failed = assertInstanceOf(JobEvent.Failed.class, reply.body());
            assertEquals(ErrorCode.NOT_FOUND, failed.code());
            assertEquals("no test job nope", failed.message());
            ctx.completeNow();
        })));
    }

    @Test
    void stopCancelsWaitingJobsAndWaitsForTheRunningOne(VertxTestContext ctx) throws Exception {
        StepJob a = new StepJob("a", new CopyOnWriteArrayList<>());
        StepJob b = new StepJob("b", new CopyOnWriteArrayList<>());
        onContext(() -> queue.submit("a", a));
        assertTrue(a.started.await(10, TimeUnit.SECONDS));
        onContext(() -> queue.submit("b", b));

        context.runOnContext(v -> queue.stop(Duration.ofSeconds(10)).onComplete(stopped -> ctx.verify(() -> {
            assertEquals("cancelled", a.progress().state(), "stop completes once the running job has stopped");
            assertEquals("cancelled", b.progress().state());
            assertFalse(b.executed);
            ctx.completeNow();
        })));
    }

    private JobProgress status(String id) throws Exception {
        return (JobProgress) request("q.status", id);
    }

    private JobProgress awaitState(String id, String state) throws Exception {
        Await.until(() -> status(id).state().equals(state), Duration.ofSeconds(10), id + " never became " + state);
        return status(id);
    }

    private Object request(String address, String id) throws Exception {
        return vertx.eventBus().request(address, id).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).body();
    }

    /** The queue's state belongs to one event loop, as it does in its verticle. */
    private <T> T onContext(Supplier<T> action) throws Exception {
        CompletableFuture<T> out = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                out.complete(action.get());
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
        return out.get(10, TimeUnit.SECONDS);
    }
}
