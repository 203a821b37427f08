package io.guidestream.evaluator;

import io.guidestream.bus.EvalCommand;
import io.guidestream.bus.JobProgress;
import io.guidestream.data.FashionMnist;
import io.guidestream.data.LabelledImages;
import io.guidestream.jobs.QueuedJob;
import io.guidestream.json.Json;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.util.FailureReason;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One evaluation job: queued, then run on the evaluator's worker thread, then stored beside the model version with
 * the other submitted evaluations ({@link ResultStore.Origin#SUBMITTED}, apart from the ones it ships with). Its
 * progress and cancellation are {@link QueuedJob}'s. {@code step}/{@code steps} count samples.
 */
final class EvaluationJob extends QueuedJob {
    private static final Logger LOG = Logger.getLogger(EvaluationJob.class.getName());
    /** Least time between two sampling progress messages: a tick can take milliseconds on tiny models. */
    private static final long PROGRESS_INTERVAL_NANOS = 250_000_000L;

    /** What every job shares: the registry and the test set (loaded once, on first use). */
    static final class Environment {
        private final ModelRegistry registry;
        private final Path dataDir;
        private LabelledImages test;

        Environment(ModelRegistry registry, Path dataDir) {
            this.registry = registry;
            this.dataDir = dataDir;
        }

        ModelRegistry registry() {
            return registry;
        }

        synchronized LabelledImages test() {
            if (test == null) test = FashionMnist.load(dataDir, FashionMnist.Split.TEST);
            return test;
        }
    }

    private final EvalCommand command;
    private final Environment env;
    private long lastReport;

    EvaluationJob(EvalCommand command, Environment env, Consumer<JobProgress> watchers) {
        super(watchers, state(command, "queued", 0, 0, 0, "waiting for the evaluator", Map.of()));
        this.command = command;
        this.env = env;
    }

    @Override
    public void cancelQueued() {
        update(state("cancelled", 0, 0, 0, "cancelled before it started", Map.of()));
    }

    /** Runs on the evaluator's worker thread. */
    @Override
    protected void execute() {
        update(state("running", 0, 0, 0, "starting", Map.of()));
        try {
            EvalResult r = new EvaluationRun(env.registry(), env::test)
                    .run(command, this::onProgress, this::cancelRequested);
            Path file = ResultStore.store(env.registry(), r, ResultStore.Origin.SUBMITTED);
            LOG.info("evaluation " + command.jobId() + ": " + r.summary() + " → " + file);
            update(state("completed", command.n(), 0, 0, r.summary(), result(r)));
        } catch (CancellationException e) {
            update(state("cancelled", progress().step(), 0, 0, e.getMessage(), Map.of()));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "evaluation " + command.jobId() + " failed", e);
            update(state("failed", progress().step(), 0, 0, FailureReason.of(e), Map.of()));
        }
    }

    private void onProgress(String phase, double done, long total, double rate, double eta) {
        long now = System.nanoTime();
        if (phase.equals("sampling") && done < total && now - lastReport < PROGRESS_INTERVAL_NANOS) return;
        lastReport = now;
        update(state("running", (long) done, rate, eta, phase, Map.of()));
    }

    /**
     * What {@code GET /api/eval/{id}} shows once completed: the metrics, curves, where the result is stored, and its
     * first samples (base64 PNGs, a few KB) so a client can show them without reading the registry.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(EvalResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", r.config().model());
        out.put("modelVersion", r.config().modelVersion());
        out.put("features", r.config().features());
        out.put("featuresVersion", r.config().featuresVersion());
        out.put("key", r.key());
        out.put("resultFile", r.config().model() + "/" + r.config().modelVersion() + "/"
                + ResultStore.Origin.SUBMITTED.resultPath(r.key()));
        out.put("metrics", Json.MAPPER.convertValue(r.metrics(), Map.class));
        out.put("meanEntropy", r.meanEntropy());
        out.put("entropyCurve", r.entropyCurve());
        out.put("scaleCurve", r.scaleCurve());
        out.put("guidanceNormCurve", r.guidanceNormCurve());
        out.put("entropyFloorCurve", r.entropyFloorCurve());
        out.put("seconds", r.seconds());
        out.put("referenceComputed", r.referenceComputed());
        out.put("reference", r.config().reference());
        if (r.dataNote() != null) out.put("dataNote", r.dataNote());
        out.put("sampleLabels", r.sampleLabels());
        out.put("samples", r.samples());
        return out;
    }

    private JobProgress state(String state, long step, double rate, double eta, String message,
            Map<String, Object> result) {
        return state(command, state, step, rate, eta, message, result);
    }

    private static JobProgress state(EvalCommand command, String state, long step, double rate, double eta,
            String message, Map<String, Object> result) {
        return new JobProgress(command.jobId(), "eval", state, step, command.n(), Double.NaN, rate, eta, message,
                result);
    }
}
