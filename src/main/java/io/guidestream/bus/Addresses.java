package io.guidestream.bus;

/** Event-bus addresses. Everything the roles say to each other goes through these. */
public final class Addresses {
    private Addresses() {
    }

    /**
     * Send: a {@link GenerateCommand} for any sampler (a gateway that knows of none). Samplers answer on the command's
     * reply address, never by a bus reply, so that everything about a job arrives in order: {@link JobEvent.Reserved}
     * (or {@link JobEvent.Failed} with {@code CAPACITY}), then {@link JobEvent.Accepted} or a failure, the
     * {@link StepFrame}s, and {@link JobEvent.Done} or a failure. Each carries the {@link #FROM_SAMPLER} header.
     */
    public static final String GENERATE = "gs.sampler.generate";
    /** Header on every message a sampler sends about a job: its node id (a gateway ignores samplers it gave up on). */
    public static final String FROM_SAMPLER = "gs-sampler";
    /**
     * Publish: every sampler's {@link SamplerStatus}, once a second and soon after its load changes; gateways route
     * jobs with it.
     */
    public static final String SAMPLER_ADVERTS = "gs.sampler.adverts";
    /** Publish: a gateway asks every sampler to advertise now (when it starts). */
    public static final String SAMPLER_DISCOVER = "gs.sampler.discover";
    /** Request/reply: the sampler's {@link SamplerStatus}. */
    public static final String SAMPLER_STATUS = "gs.sampler.status";
    /**
     * Publish: a job id to cancel; every sampler checks whether it holds it (and refuses the job should its command
     * arrive later: a cancel can overtake it on the bus).
     */
    public static final String CANCEL = "gs.sampler.cancel";
    /** Publish: a model version was published to the registry ({@code name/version}). */
    public static final String REGISTRY_PUBLISHED = "registry.published";

    /** Request/reply: a {@link TrainCommand}; reply the job's first {@link JobProgress} or a failure. */
    public static final String TRAIN_SUBMIT = "gs.trainer.submit";
    /** Request/reply: a training job id; reply its {@link JobProgress} (fails with 404 when unknown). */
    public static final String TRAIN_STATUS = "gs.trainer.status";
    /** Request/reply: a training job id to cancel; reply its {@link JobProgress}. */
    public static final String TRAIN_CANCEL = "gs.trainer.cancel";
    /** Request/reply: an {@link EvalCommand}; reply the job's first {@link JobProgress} or a failure. */
    public static final String EVAL_SUBMIT = "gs.evaluator.submit";
    /** Request/reply: an evaluation job id; reply its {@link JobProgress} (fails with 404 when unknown). */
    public static final String EVAL_STATUS = "gs.evaluator.status";
    /** Request/reply: an evaluation job id to cancel; reply its {@link JobProgress}. */
    public static final String EVAL_CANCEL = "gs.evaluator.cancel";
    /** Request/reply: a model name (optionally {@code name/version}); reply a {@link ModelDocument}. */
    public static final String REGISTRY_CARD = "gs.registry.card";

    /**
     * Request/reply: {@code name/version/key} (version empty: the default) of a stored evaluation; reply its result
     * file as a JSON string, or a failure (404 when the model, version or result is unknown).
     */
    public static final String REGISTRY_EVAL = "gs.registry.eval";

    /**
     * Request/reply: {@code name/version/key} (version empty: the default) of a submitted evaluation to delete; reply
     * a JSON string {@code {"deleted":key,"model","version"}}, or a failure (404 when there is none, 403 when the key
     * is only a shipped evaluation).
     */
    public static final String REGISTRY_EVAL_DELETE = "gs.registry.eval.delete";

    /** Request/reply: {@code name/version} to make the default; reply a {@link ModelDocument} or a failure. */
    public static final String REGISTRY_SET_DEFAULT = "gs.registry.default";

    /**
     * Request/reply: an {@link ImportUpload}; reply an {@link ImportResult}, an {@link ImportRefusal} (the file or card
     * refused, the registry unchanged) or a failure. Every node that holds the registry folder answers; in Kubernetes
     * only the trainer mounts it writable, and samplers refuse writes (docs/SECURITY.md).
     */
    public static final String REGISTRY_IMPORT = "gs.registry.import";

    /** Publish: progress of a long job, for {@code /ws/jobs/{id}} watchers. */
    public static String jobProgress(String jobId) {
        return "gs.progress." + jobId;
    }

    /** Send: a {@link GenerateCommand} for one particular sampler (the gateway's pick), answered as for GENERATE. */
    public static String generateOn(String node) {
        return "gs.sampler." + node + ".generate";
    }

    /** Send: a job id that one particular sampler should drop (a gateway gave up waiting for it to take the job). */
    public static String cancelOn(String node) {
        return "gs.sampler." + node + ".cancel";
    }

    /**
     * Where a gateway listens for the frames and events of all its generation jobs (each message names its job): one
     * address registered once, so that a job costs no cluster registration. Per-job addresses did: each one a put and
     * a remove in Hazelcast's subscription map, serialized per context, so that one member that stalls (its process
     * stopped, its sockets open) held up every later job of the gateway until Hazelcast gave up on it (about 60 s).
     */
    public static String gatewayJobs(String gateway) {
        return "gs.gateway." + gateway + ".jobs";
    }
}
