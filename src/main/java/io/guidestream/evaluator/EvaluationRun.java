package io.guidestream.evaluator;

import io.guidestream.bus.EvalCommand;
import io.guidestream.data.LabelledImages;
import io.guidestream.evaluation.ClassAccuracy;
import io.guidestream.evaluation.FeatureStats;
import io.guidestream.evaluation.Fid;
import io.guidestream.evaluation.InceptionScore;
import io.guidestream.evaluation.MeanEntropy;
import io.guidestream.evaluation.MetricsReport;
import io.guidestream.evaluation.PrecisionRecall;
import io.guidestream.evaluation.SpaceScores;
import io.guidestream.json.Json;
import io.guidestream.nn.GradMode;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation, start to finish, without Vert.x (the verticle and the {@code eval} command both run it): resolve
 * the request, load (or compute once) the reference statistics under the features model of the data set it was trained
 * on ({@link ReferenceSet}: the Fashion-MNIST test set, or an image folder's held-out split; the result's
 * {@code dataNote} says so when the model was trained on another),
 * generate n samples chunk by chunk, extracting each chunk's features as it finishes, and compute ALGORITHMS.md §E's
 * metrics on the domain feature space: FID against the whole test set's μ, Σ; sFID the same way on the leading
 * channels of the features' spatial map ({@link io.guidestream.evaluation.Fid#sFidChannels}); Inception Score on the features
 * model's softmax (C = 10, so IS ∈ [1, 10]); improved precision/recall with k = 3 against the first
 * {@value ReferenceStats#SUBSET} test images; and for labelled samples the accuracy of the features classifier's argmax
 * against the requested class. Numbers are "FID (Fashion features)", not comparable to Inception FID.
 *
 * <p>Runs on the calling thread, which must be allowed to block; it switches PyTorch's autograd off there first.
 */
public final class EvaluationRun {
    /** Progress: {@code done} of {@code total} samples (fractional while a chunk runs), in {@code phase}. */
    @FunctionalInterface
    public interface Listener {
        void onProgress(String phase, double done, long total, double samplesPerSecond, double etaSeconds);
    }

    private final ModelRegistry registry;
    private final Supplier<LabelledImages> testSet;

    /** @param testSet the Fashion-MNIST test split (loaded on first use; callers may cache it across runs) */
    public EvaluationRun(ModelRegistry registry, Supplier<LabelledImages> testSet) {
        this.registry = registry;
        this.testSet = testSet;
    }

    /**
     * @throws CancellationException when {@code cancelled} turned true (looked at between sampler ticks)
     * @throws EvaluationException   when the request does not fit the registry or a chunk failed
     */
    public EvalResult run(EvalCommand cmd, Listener listener, BooleanSupplier cancelled) throws IOException {
        long start = System.nanoTime();
        GradMode.disableOnThisThread();
        EvalPlan plan = EvalPlan.resolve(registry, cmd);
        listener.onProgress("reference statistics", 0, cmd.n(), 0, 0);
        try (FeatureExtractor fx = FeatureExtractor.load(plan.features());
             FeatureSpace second = plan.second() == null ? null : FeatureSpace.load(plan.second())) {
            ReferenceSet refSet = ReferenceSet.of(plan.features().card(), testSet);
            ReferenceStats.Reference ref = ReferenceStats.loadOrCompute(fx, refSet);
            ReferenceStats.Reference secondRef = second == null ? null
                    : ReferenceStats.loadOrCompute(second, ReferenceSet.of(plan.second().card(), testSet));
            long sampling = System.nanoTime();
            FeatureExtractor.Output out = FeatureExtractor.Output.empty(cmd.n());
            FeatureExtractor.Output secondOut = FeatureExtractor.Output.empty(cmd.n());
            SampleGenerator.Samples samples = new SampleGenerator(cmd, plan).generate(registry, cancelled,
                    done -> sampling(listener, done, cmd.n(), rate(done, sampling)),
                    (first, images, count) -> {
                        out.copyFrom(fx.extract(images, count), first);
                        if (second != null) secondOut.copyFrom(second.extract(images, count), first);
                    });
            listener.onProgress("metrics", cmd.n(), cmd.n(), rate(cmd.n(), sampling), 0);
            MetricsReport metrics = metrics(ref, out, samples.labels(),
                    second == null ? null : scores(second, secondRef, secondOut));
            EvalConfig config = config(cmd, plan, samples.modelVersion(), refSet.name() + " " + ref.fingerprint());
            double seconds = (System.nanoTime() - start) / 1e9;
            return new EvalResult(config.key(), config, metrics, metrics.toString(), MeanEntropy.of(out.probs()),
                    samples.entropyCurve(), samples.scaleCurve(), samples.guidanceNormCurve(),
                    samples.floorClampedCurve(), seconds, ref.computed(), Instant.now().toString(),
                    firstLabels(samples), base64(samples.pngs()), plan.dataNote());
        }
    }

    /**
     * The result the {@code eval} command already stored for exactly the evaluation {@code cmd} would run now (same
     * model and feature-space versions, same reference images, same settings), or empty. Reads the registry and, when
     * no card records the reference's fingerprint, the reference images; samples nothing.
     *
     * @throws EvaluationException as {@link #run} does for a request that does not fit the registry
     */
    public Optional<EvalResult> stored(EvalCommand cmd) throws IOException {
        EvalPlan plan = EvalPlan.resolve(registry, cmd);
        ReferenceSet refSet = ReferenceSet.of(plan.features().card(), testSet);
        EvalConfig config = config(cmd, plan, plan.model().version(), refSet.name() + " " + refSet.fingerprint());
        Path file = plan.model().dir().resolve(ResultStore.Origin.SHIPPED.resultPath(config.key()));
        if (!Files.isRegularFile(file)) return Optional.empty();
        EvalResult result = Json.read(file, EvalResult.class);
        return result.config().equals(config) ? Optional.of(result) : Optional.empty();
    }

    /** The stored config of {@code cmd} run on version {@code modelVersion} of its model against {@code reference}. */
    private static EvalConfig config(EvalCommand cmd, EvalPlan plan, int modelVersion, String reference) {
        ModelVersion second = plan.second();
        return new EvalConfig(cmd.model(), modelVersion, cmd.n(), cmd.seed(), cmd.batch(), plan.labelCycle(),
                cmd.sampler(), StoredGuidance.of(plan.guidance(cmd)), plan.features().name(),
                plan.features().version(), reference, second == null ? null : second.name(),
                second == null ? null : second.version());
    }

    static MetricsReport metrics(ReferenceStats.Reference ref, FeatureExtractor.Output out, int[] labels,
            @Nullable SpaceScores second) {
        double fid = Fid.between(ref.stats(), FeatureStats.of(out.features()));
        double sfid = Fid.sFid(ref.spatialStats(), FeatureStats.of(out.spatial()));
        InceptionScore is = InceptionScore.of(out.probs());
        PrecisionRecall pr = PrecisionRecall.of(ref.subset(), out.features());
        return new MetricsReport(fid, sfid, is.mean(), is.std(), pr.precision(), pr.recall(),
                accuracy(out.probs(), labels), labels.length, second);
    }

    /** FID and precision/recall of the samples' features in a second space against its own reference. */
    static SpaceScores scores(FeatureSpace space, ReferenceStats.Reference ref, FeatureExtractor.Output out) {
        PrecisionRecall pr = PrecisionRecall.of(ref.subset(), out.features());
        return new SpaceScores(space.version().name(), space.version().version(),
                Fid.between(ref.stats(), FeatureStats.of(out.features())), pr.precision(), pr.recall());
    }

    /** Accuracy over the samples generated for a class (label ≥ 0 and one of the features model's classes). */
    static Double accuracy(double[][] probs, int[] labels) {
        List<double[]> rows = new ArrayList<>();
        List<Integer> wanted = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0 && labels[i] < probs[i].length) {
                rows.add(probs[i]);
                wanted.add(labels[i]);
            }
        }
        if (rows.isEmpty()) return null;
        return ClassAccuracy.of(rows.toArray(double[][]::new), wanted.stream().mapToInt(Integer::intValue).toArray());
    }

    private static double rate(double done, long sinceNanos) {
        double seconds = (System.nanoTime() - sinceNanos) / 1e9;
        return seconds > 0 ? done / seconds : 0;
    }

    /** ETA from the rate so far; 0 while no rate is known yet. */
    private static void sampling(Listener listener, double done, long total, double rate) {
        listener.onProgress("sampling", done, total, rate, rate > 0 ? (total - done) / rate : 0);
    }

    private static List<Integer> firstLabels(SampleGenerator.Samples s) {
        return Arrays.stream(s.labels()).limit(s.pngs().size()).boxed().toList();
    }

    private static List<String> base64(List<byte[]> pngs) {
        return pngs.stream().map(Base64.getEncoder()::encodeToString).toList();
    }
}
