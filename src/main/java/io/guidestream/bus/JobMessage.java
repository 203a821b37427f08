package io.guidestream.bus;

/**
 * What a sampler says about a job to its gateway's address ({@link Addresses#gatewayJobs}): its {@link StepFrame}s
 * and its {@link JobEvent}s, nothing else. The kinds are sealed, and each hands itself to its own method of a
 * {@link Receiver}, so a receiver handles every kind and a new kind does not compile until every receiver handles it
 * too.
 */
public sealed interface JobMessage permits StepFrame, JobEvent {

    /** The job this message is about. */
    String jobId();

    /** Calls the receiver's method for this kind of message. */
    void deliverTo(Receiver receiver);

    /** One method per kind of message about a job. */
    interface Receiver {
        void step(StepFrame frame);

        void reserved(JobEvent.Reserved reserved);

        void accepted(JobEvent.Accepted accepted);

        void done(JobEvent.Done done);

        void failed(JobEvent.Failed failed);
    }
}
