package io.guidestream.trainer;

import io.guidestream.bus.JobProgress;
import io.guidestream.bus.TrainCommand;
import io.guidestream.data.FashionMnist;
import io.guidestream.data.LabelledImages;
import io.guidestream.jobs.QueuedJob;
import io.guidestream.json.Json;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelVersion;
import io.guidestream.training.Trainer;
import io.guidestream.training.TrainingListener;
import io.guidestream.training.TrainingProgress;
import io.guidestream.training.TrainingSpec;
import io.guidestream.util.FailureReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One training job: queued, then run on the trainer's worker thread, then published. Its progress and cancellation
 * are {@link QueuedJob}'s.
 */
final class TrainingJob extends QueuedJob {
    private static final Logger LOG = Logger.getLogger(TrainingJob.class.getName());
    private static final String SPEC = "spec.json";

    /** What every job shares: the registry, where runs live, the data (loaded once), the code revision. */
    static final class Environment {
        private final ModelRegistry registry;
        private final Path runsDir;
        private final Path dataDir;
        private final String revision;
        private LabelledImages train;
        private LabelledImages test;

        Environment(ModelRegistry registry, Path runsDir, Path dataDir, String revision) {
            this.registry = registry;
            this.runsDir = runsDir.toAbsolutePath().normalize();
            this.dataDir = dataDir;
            this.revision = revision;
        }

        ModelRegistry registry() {
            return registry;
        }

        synchronized LabelledImages train() {
            if (train == null) train = FashionMnist.load(dataDir, FashionMnist.Split.TRAIN);
            return train;
        }

        synchronized LabelledImages test() {
            if (test == null) test = FashionMnist.load(dataDir, FashionMnist.Split.TEST);
            return test;
        }

        /**
         * Checks the names a request refers to: the base model and the job to resume. A job to resume is one this
         * trainer knows or one whose run folder (with its {@code spec.json}) survived a restart; anything else gets
         * the same answer, whatever else exists on disk.
         */
        void checkReferences(TrainCommand c, Set<String> knownJobs) {
            if (c.baseModel() != null && registry.find(c.baseModel()).isEmpty()) {
                throw new IllegalArgumentException("baseModel '" + c.baseModel() + "' is not in the registry");
            }
            String resume = c.resumeFrom();
            if (resume != null && !knownJobs.contains(resume)
                    && !Files.isRegularFile(runDir(resume, "resumeFrom").resolve(SPEC))) {
                throw new IllegalArgumentException("resumeFrom '" + resume + "' names no training job");
            }
        }

        /**
         * The run folder of job {@code id}: a folder directly inside the runs folder. The gateway lets only job ids
         * through; this is the second fence, for whatever else reaches the trainer ({@code field} names the culprit).
         */
        Path runDir(String id, String field) {
            Path dir = runsDir.resolve(id).normalize();
            if (!runsDir.equals(dir.getParent())) {
                throw new IllegalArgumentException(field + " '" + id + "' names no training job");
            }
            return dir;
        }
    }

    private final TrainCommand command;
    private final TrainingSpec spec;
    private final Environment env;

    TrainingJob(TrainCommand command, TrainingSpec spec, Environment env, Consumer<JobProgress> watchers) {
        super(watchers, state(command, spec, "queued", 0, Double.NaN, 0, 0, "waiting for the trainer", Map.of()));
        this.command = command;
        this.spec = spec;
        this.env = env;
    }

    @Override
    public void cancelQueued() {
        update(state("cancelled", 0, Double.NaN, 0, 0, "cancelled before it started", Map.of()));
    }

    /** Runs on the trainer's worker thread. */
    @Override
    protected void execute() {
        update(state("running", 0, Double.NaN, 0, 0, "loading data", Map.of()));
        try {
            Path runDir = command.resumeFrom() != null ? env.runDir(command.resumeFrom(), "resumeFrom")
                    : env.runDir(command.jobId(), "jobId");
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve(SPEC), Json.write(spec));
            Path base = command.baseModel() == null ? null : env.registry().require(command.baseModel()).params();
            Trainer.Outcome outcome = new Trainer(spec, env.train(), runDir, listener(), base)
                    .run(this::cancelRequested);
            if (!outcome.completed()) {
                update(state("cancelled", outcome.step(), outcome.lastLoss(), 0, 0,
                        "cancelled at step " + outcome.step() + "; resume with resumeFrom " + runDir.getFileName(),
                        Map.of("runDir", runDir.getFileName().toString())));
                return;
            }
            update(state("running", outcome.step(), outcome.lastLoss(), 0, 0, "publishing", Map.of()));
            ModelRegistry.Publication p = new ModelPublisher(env.registry(), env.test(), env.revision)
                    .publish(spec, runDir, command.publish(), command.allowWorse());
            ModelVersion v = p.version();
            update(state("completed", outcome.step(), outcome.lastLoss(), 0, 0, "published " + v.name() + " v"
                    + v.version() + "; " + p.decision().reason(), Map.of("model", v.name(), "publishedVersion",
                            v.version(), "madeDefault", p.decision().makeDefault(), "defaultDecision",
                            p.decision().reason(), "metrics", v.card().metrics(), "runDir",
                            runDir.getFileName().toString())));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "training job " + command.jobId() + " failed", e);
            JobProgress last = progress();
            update(state("failed", last.step(), last.loss(), 0, 0, FailureReason.of(e), Map.of()));
        }
    }

    private TrainingListener listener() {
        return new TrainingListener() {
            @Override
            public void onProgress(TrainingProgress p) {
                update(state("running", p.step(), p.loss(), p.imagesPerSecond(), p.etaSeconds(),
                        "training; " + p.gradientSummary(), Map.of()));
            }

            @Override
            public void onCheckpoint(long step) {
                JobProgress cur = progress();
                update(new JobProgress(cur.jobId(), cur.kind(), cur.state(), cur.step(), cur.steps(), cur.loss(),
                        cur.imagesPerSecond(), cur.etaSeconds(), "checkpoint at step " + step, Map.of()));
            }
        };
    }

    private JobProgress state(String state, long step, double loss, double ips, double eta, String message,
            Map<String, Object> result) {
        return state(command, spec, state, step, loss, ips, eta, message, result);
    }

    private static JobProgress state(TrainCommand command, TrainingSpec spec, String state, long step, double loss,
            double ips, double eta, String message, Map<String, Object> result) {
        return new JobProgress(command.jobId(), "train", state, step, spec.steps(), loss, ips, eta, message, result);
    }
}
