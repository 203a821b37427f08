package io.guidestream.jobs;

import io.guidestream.bus.JobProgress;

/** A long job (training, evaluation) as a {@link SerialJobQueue} runs it. */
public interface QueuedJob {
    /** Runs the job to its end on the queue's worker thread; reports its own progress. */
    void run();

    /** Asks the running job to stop at its next step boundary (a training job checkpoints first). */
    void requestCancel();

    /** The job was cancelled before it started. */
    void cancelQueued();

    /** Its latest progress. */
    JobProgress progress();
}
