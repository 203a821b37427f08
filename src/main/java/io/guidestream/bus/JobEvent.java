package io.guidestream.bus;

/** What a sampler reports about a job besides its steps: reserved, accepted, finished, or failed. */
public sealed interface JobEvent extends JobMessage permits JobEvent.Reserved, JobEvent.Accepted, JobEvent.Done,
        JobEvent.Failed {

    /**
     * The sampler holds slots for the job (its first message about it, sent as soon as the command arrives);
     * {@link Accepted} or {@link Failed} follows once it has checked the job against its models.
     *
     * @param admission the job's number among the sampler's admissions (see {@link SamplerStatus#admissions()})
     */
    record Reserved(String jobId, String node, long admission) implements JobEvent {
        @Override
        public void deliverTo(Receiver receiver) {
            receiver.reserved(this);
        }
    }

    /** The sampler took the job; {@code node} names the sampler, {@code modelVersion} the version that runs it. */
    record Accepted(String jobId, int steps, String node, int modelVersion) implements JobEvent {
        @Override
        public void deliverTo(Receiver receiver) {
            receiver.accepted(this);
        }
    }

    /** The job finished all its steps. */
    record Done(String jobId, int steps, long elapsedMs) implements JobEvent {
        @Override
        public void deliverTo(Receiver receiver) {
            receiver.done(this);
        }
    }

    /** The job ended in error (also {@link ErrorCode#CANCELLED}). */
    record Failed(String jobId, ErrorCode code, String message) implements JobEvent {
        @Override
        public void deliverTo(Receiver receiver) {
            receiver.failed(this);
        }
    }
}
