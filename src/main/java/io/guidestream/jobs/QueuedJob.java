package io.guidestream.jobs;

import io.guidestream.bus.JobProgress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A long job (training, evaluation) as a {@link SerialJobQueue} runs it. Its latest progress is a volatile immutable
 * record: the queue's status handler reads it from an event loop while the job's worker thread replaces it, and every
 * change is pushed to the watchers. A cancel request is a flag that the job polls at its step boundaries.
 */
public abstract class QueuedJob {
    private final AtomicBoolean cancel = new AtomicBoolean();
    private final Consumer<JobProgress> watchers;
    private volatile JobProgress progress;

    /**
     * @param watchers called with every new progress, from the worker thread
     * @param queued   the progress while the job waits (not pushed: nobody watches a job before it is submitted)
     */
    protected QueuedJob(Consumer<JobProgress> watchers, JobProgress queued) {
        this.watchers = watchers;
        this.progress = queued;
    }

    /** Runs the job to its end on the queue's worker thread, unless it was cancelled while it waited. */
    public final void run() {
        if (cancel.get()) {
            cancelQueued();
            return;
        }
        execute();
    }

    /** The job's work; reports its own progress with {@link #update} and polls {@link #cancelRequested}. */
    protected abstract void execute();

    /** Asks the running job to stop at its next step boundary (a training job checkpoints first). */
    public final void requestCancel() {
        cancel.set(true);
    }

    protected final boolean cancelRequested() {
        return cancel.get();
    }

    /** The job was cancelled before it started: reports its cancelled state. */
    public abstract void cancelQueued();

    /** Its latest progress. */
    public final JobProgress progress() {
        return progress;
    }

    protected final void update(JobProgress p) {
        progress = p;
        watchers.accept(p);
    }
}
