package io.guidestream.bus;

/** Event-bus addresses. Everything the roles say to each other goes through these. */
public final class Addresses {
    private Addresses() {
    }

    /** Request/reply: a {@link GenerateCommand}; reply {@link JobEvent.Accepted} or a failure with an error code. */
    public static final String GENERATE = "gs.sampler.generate";
    /** Request/reply: the sampler's {@link SamplerStatus}. */
    public static final String SAMPLER_STATUS = "gs.sampler.status";
    /** Publish: a job id to cancel; every sampler checks whether it holds it. */
    public static final String CANCEL = "gs.sampler.cancel";
    /** Publish: a model version was published to the registry ({@code name/version}). */
    public static final String REGISTRY_PUBLISHED = "registry.published";

    /** Where a gateway listens for one job's frames and events. */
    public static String job(String jobId) {
        return "gs.job." + jobId;
    }
}
