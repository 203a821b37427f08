package io.guidestream.bus;

/** What a sampler reports about a job besides its steps: accepted, finished, or failed. */
public final class JobEvent {
    private JobEvent() {
    }

    /**
     * The sampler holds slots for the job (its first message about it, sent as soon as the command arrives);
     * {@link Accepted} or {@link Failed} follows once it has checked the job against its models.
     *
     * @param admission the job's number among the sampler's admissions (see {@link SamplerStatus#admissions()})
     */
    public record Reserved(String jobId, String node, long admission) {
    }

    /** The sampler took the job; {@code node} names the sampler, {@code modelVersion} the version that runs it. */
    public record Accepted(String jobId, int steps, String node, int modelVersion) {
    }

    /** The job finished all its steps. */
    public record Done(String jobId, int steps, long elapsedMs) {
    }

    /** The job ended in error (also {@link ErrorCode#CANCELLED}). */
    public record Failed(String jobId, ErrorCode code, String message) {
    }
}
