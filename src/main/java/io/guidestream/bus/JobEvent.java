package io.guidestream.bus;

/** What a sampler reports about a job besides its steps: accepted, finished, or failed. */
public final class JobEvent {
    private JobEvent() {
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
