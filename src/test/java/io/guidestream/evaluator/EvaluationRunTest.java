package io.guidestream.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.TestModels;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.EvalCommand;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.bus.SamplerKind;
import io.guidestream.data.FashionMnist;
import io.guidestream.data.LabelledImages;
import io.guidestream.evaluation.MetricsReport;
import io.guidestream.registry.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole evaluation on the tiny models and the committed test slice (512 test images as the reference). */
class EvaluationRunTest {
    static final int STEPS = 4;
    @TempDir
    static Path dir;
    static ModelRegistry registry;
    static LabelledImages test;

    @BeforeAll
    static void setUp() throws Exception {
        registry = TestModels.registry(dir);
        test = FashionMnist.load(FeatureExtractorTest.SLICE, FashionMnist.Split.TEST);
    }

    static EvalCommand command(String model, int n, long seed, GuidanceMethod method, double scale,
            List<Integer> labels, String features) {
        return new EvalCommand("e-test", model, n, seed, 12, labels,
                new GenerateCommand.SamplerSettings(SamplerKind.DDIM, STEPS, 0),
                GenerateCommand.GuidanceSettings.of(method, scale).withX0Lambda(0.1), features);
    }

    static EvalCommand guided(long seed) {
        return command(TestModels.COND, 24, seed, GuidanceMethod.CLASSIFIER, 1.5, List.of(), TestModels.FEATURES);
    }

    static EvalResult run(ModelRegistry r, EvalCommand cmd) throws Exception {
        return new EvaluationRun(r, () -> test).run(cmd, (phase, done, total, rate, eta) -> { }, () -> false);
    }

    @Test
    void aGuidedRunReportsEveryMetricInRangeAndOneCurvePointPerStep() throws Exception {
        EvalResult r = run(registry, guided(7));
        MetricsReport m = r.metrics();
        assertTrue(Double.isFinite(m.fid()) && m.fid() >= 0, "FID " + m.fid());
        assertNotNull(m.sfid(), "sFID on the spatial features");
        assertTrue(Double.isFinite(m.sfid()) && m.sfid() >= 0 && m.sfid() != m.fid(), "sFID " + m.sfid());
        assertTrue(m.inceptionScore() >= 1 - 1e-9 && m.inceptionScore() <= 10 + 1e-9, "IS " + m.inceptionScore());
        assertTrue(m.precision() >= 0 && m.precision() <= 1, "P " + m.precision());
        assertTrue(m.recall() >= 0 && m.recall() <= 1, "R " + m.recall());
        assertNotNull(m.accuracy(), "conditional samples have an accuracy");
        assertTrue(m.accuracy() >= 0 && m.accuracy() <= 1);
        assertEquals(24, m.n());
        assertEquals(STEPS, r.entropyCurve().length);
        for (double h : r.entropyCurve()) assertTrue(h >= 0 && h <= Math.log(10) + 1e-9, "entropy " + h);
        assertEquals(STEPS, r.scaleCurve().length);
        for (double s : r.scaleCurve()) assertEquals(1.5, s, 1e-12, "constant-scale guidance");
        assertEquals(16, r.samples().size());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5), r.sampleLabels());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), r.config().labels(), "balanced classes");
        assertEquals(TestModels.CLASSIFIER, r.config().guidance().classifier(), "the default classifier, resolved");
        assertEquals(1, r.config().modelVersion());
        assertEquals(TestModels.FEATURES, r.config().features());
        assertEquals(r.metrics().toString(), r.summary());
        assertEquals(0, r.entropyFloorCurve().length, "no entropy floor under a constant scale");
        assertTrue(Double.isNaN(r.entropyFloorRate()));
    }

    /**
     * EDS's floor is counted where it acts: a floor above log C (the largest entropy there is) clamps every item at
     * every step, to exactly s·log C / h_min; the default floor clamps a share that bounds the mean scale from below.
     */
    @Test
    void anEdsRunRecordsHowOftenTheEntropyFloorClampedItsScale() throws Exception {
        double s = 1.5;
        EvalResult all = run(registry, entropy(s, 3.0));
        assertEquals(STEPS, all.entropyFloorCurve().length);
        for (int k = 0; k < STEPS; k++) {
            assertEquals(1.0, all.entropyFloorCurve()[k], 0, "step " + (k + 1) + ": every item below h_min = 3");
            assertEquals(s * Math.log(10) / 3.0, all.scaleCurve()[k], 1e-9, "the clamped scale");
        }
        assertEquals(1.0, all.entropyFloorRate(), 0);

        EvalResult some = run(registry, entropy(s, 0.1));
        double cap = s * Math.log(10) / 0.1;
        for (int k = 0; k < STEPS; k++) {
            double f = some.entropyFloorCurve()[k];
            assertTrue(f >= 0 && f <= 1, "a share: " + f);
            assertTrue(some.scaleCurve()[k] >= f * cap - 1e-9 && some.scaleCurve()[k] <= cap + 1e-9,
                    "step " + (k + 1) + ": mean scale " + some.scaleCurve()[k] + " with " + f + " clamped at " + cap);
        }
    }

    private static EvalCommand entropy(double scale, double floor) {
        return new EvalCommand("e-test", TestModels.COND, 12, 3, 12, List.of(),
                new GenerateCommand.SamplerSettings(SamplerKind.DDIM, STEPS, 0),
                GenerateCommand.GuidanceSettings.entropy(scale).withEntropyFloor(floor),
                TestModels.FEATURES);
    }

    @Test
    void theSameSeedGivesIdenticalMetricsAndAnotherSeedDoesNot() throws Exception {
        EvalResult a = run(registry, guided(11));
        EvalResult b = run(registry, guided(11));
        EvalResult c = run(registry, guided(12));
        assertEquals(a.metrics(), b.metrics());
        assertEquals(a.key(), b.key(), "equal configs, equal result keys");
        assertEquals(a.samples(), b.samples(), "bit-identical sample PNGs");
        assertNotEquals(a.metrics().fid(), c.metrics().fid());
        assertNotEquals(a.key(), c.key());
    }

    @Test
    void cancellingStopsBetweenTicks() {
        AtomicReference<Double> furthest = new AtomicReference<>(0.0);
        EvaluationRun.Listener listener = (phase, done, total, rate, eta) ->
                furthest.set(Math.max(furthest.get(), done));
        BooleanSupplier cancelled = () -> furthest.get() > 0;
        EvalCommand cmd = guided(3);
        assertThrows(CancellationException.class, () -> new EvaluationRun(registry, () -> test).run(cmd, listener,
                cancelled));
        assertTrue(furthest.get() > 0 && furthest.get() < cmd.n() / 2.0, "stopped early, at " + furthest.get());
    }

    @Test
    void unguidedUnconditionalSamplesHaveNoLabelsAndNoAccuracy() throws Exception {
        EvalResult r = run(registry, command(TestModels.UNCOND, 8, 1, GuidanceMethod.NONE, 0, List.of(),
                TestModels.FEATURES));
        assertEquals(List.of(-1), r.config().labels());
        assertNull(r.metrics().accuracy());
        assertEquals(STEPS, r.entropyCurve().length, "the default classifier still reports entropies");
        for (double s : r.scaleCurve()) assertEquals(0, s);
    }

    @Test
    void theReferenceIsComputedOnceAndThenReadFromItsCache(@TempDir Path fresh) throws Exception {
        ModelRegistry r = TestModels.registry(fresh);
        EvalCommand cmd = command(TestModels.COND, 8, 5, GuidanceMethod.NONE, 0, List.of(3), TestModels.FEATURES);
        EvalResult first = run(r, cmd);
        assertTrue(first.referenceComputed());
        Path version = fresh.resolve("tiny-features/1");
        String fp = test.fingerprint();
        Path json = version.resolve("reference-test-" + fp + ".json");
        Path subset = version.resolve("reference-test-" + fp + ".f32");
        assertTrue(Files.isRegularFile(json) && Files.isRegularFile(subset));
        assertEquals(8 + 512 * 16 * 4, Files.size(subset), "512 test images (the slice) × 16 float32 features");
        Path spatial = version.resolve("reference-test-" + fp + ".spatial.f64");
        assertEquals(8 + (392 + 392 * 392) * 8, Files.size(spatial), "μ and Σ of 392 spatial features, float64");
        var modified = Files.getLastModifiedTime(json);
        EvalResult second = run(r, cmd);
        assertFalse(second.referenceComputed(), "the second run reads the cache");
        assertEquals(modified, Files.getLastModifiedTime(json));
        assertEquals(first.metrics(), second.metrics(), "cached statistics are exactly the computed ones");
        assertTrue(first.config().reference().endsWith(fp));

        String preSfid = Files.readString(json).replaceAll(",\\s*\"spatialFile\"\\s*:\\s*\"[^\"]*\"", "")
                .replaceAll(",\\s*\"spatialDim\"\\s*:\\s*\\d+", "");
        assertFalse(preSfid.contains("spatial"), "a cache as written before sFID");
        Files.writeString(json, preSfid);
        Files.delete(spatial);
        EvalResult third = run(r, cmd);
        assertTrue(third.referenceComputed(), "a cache without spatial statistics is recomputed");
        assertTrue(Files.isRegularFile(spatial));
        assertEquals(first.metrics(), third.metrics());
    }

    @Test
    void requestsThatDoNotFitTheRegistryNameWhatIsWrong() {
        assertFails(ErrorCode.UNKNOWN_MODEL, "model 'nope' is not in the registry",
                command("nope", 8, 1, GuidanceMethod.NONE, 0, List.of(), TestModels.FEATURES));
        assertFails(ErrorCode.UNKNOWN_MODEL, "features 'nope' is not in the registry",
                command(TestModels.COND, 8, 1, GuidanceMethod.NONE, 0, List.of(), "nope"));
        assertFails(ErrorCode.BAD_REQUEST, "features 'tiny-clf' is a CLASSIFIER model",
                command(TestModels.COND, 8, 1, GuidanceMethod.NONE, 0, List.of(), TestModels.CLASSIFIER));
        assertFails(ErrorCode.BAD_REQUEST, "model 'tiny-features' is a FEATURES model",
                command(TestModels.FEATURES, 8, 1, GuidanceMethod.NONE, 0, List.of(), TestModels.FEATURES));
        assertFails(ErrorCode.BAD_REQUEST, "labels[1] must be 0..9",
                command(TestModels.COND, 8, 1, GuidanceMethod.CLASSIFIER, 1, List.of(2, -1), TestModels.FEATURES));
        assertFails(ErrorCode.BAD_REQUEST, "labels[0] must be -1..9",
                command(TestModels.COND, 8, 1, GuidanceMethod.NONE, 1, List.of(10), TestModels.FEATURES));
    }

    private static void assertFails(ErrorCode code, String messagePart, EvalCommand cmd) {
        EvaluationException e = assertThrows(EvaluationException.class, () -> EvalPlan.resolve(registry, cmd));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void resultsAreStoredBesideTheModelVersionWithASummaryPerConfig() throws Exception {
        EvalResult a = run(registry, guided(21));
        EvalResult b = run(registry, command(TestModels.COND, 8, 21, GuidanceMethod.NONE, 0, List.of(),
                TestModels.FEATURES));
        Path fileA = ResultStore.store(registry, a, ResultStore.Origin.SHIPPED);
        ResultStore.store(registry, b, ResultStore.Origin.SHIPPED);
        assertEquals(dir.resolve("tiny-cond/1/eval/" + a.key() + ".json").toAbsolutePath(), fileA.toAbsolutePath());
        EvalResult reread = io.guidestream.json.Json.read(fileA, EvalResult.class);
        assertEquals(a.metrics(), reread.metrics());
        assertEquals(a.config(), reread.config());
        ResultStore.MetricsFile summary = ResultStore.read(dir.resolve("tiny-cond/1/metrics.json"));
        assertEquals(b.key(), summary.latest());
        assertEquals(a.metrics(), summary.evaluations().get(a.key()).metrics());
        assertEquals(b.summary(), summary.evaluations().get(b.key()).summary());
        assertNull(summary.evaluations().get(a.key()).dataNote());
        assertFalse(Files.readString(dir.resolve("tiny-cond/1/metrics.json")).contains("dataNote"),
                "no note, no key: the shipped summaries keep their shape");
    }

    @Test
    void aResultsDataNoteReachesItsSummary() throws Exception {
        EvalResult a = run(registry, guided(22));
        EvalResult noted = new EvalResult(a.key(), a.config(), a.metrics(), a.summary(), a.meanEntropy(),
                a.entropyCurve(), a.scaleCurve(), a.guidanceNormCurve(), a.entropyFloorCurve(), a.seconds(),
                a.referenceComputed(), a.created(), a.sampleLabels(), a.samples(), "trained on other images");
        Path version = dir.resolve("tiny-cond/1");
        ResultStore.store(registry, noted, ResultStore.Origin.SUBMITTED);
        try {
            ResultStore.MetricsFile summary = ResultStore.read(version.resolve("submitted/metrics.json"));
            assertEquals("trained on other images", summary.evaluations().get(a.key()).dataNote());
        } finally {
            ResultStore.deleteSubmitted(version, a.key()); // the other tests count the submitted entries
        }
    }

    @Test
    void submittedResultsLiveApartFromTheShippedOnesAndOnlyTheyCanBeDeleted() throws Exception {
        EvalResult a = run(registry, guided(31));
        EvalResult b = run(registry, command(TestModels.COND, 8, 31, GuidanceMethod.NONE, 0, List.of(),
                TestModels.FEATURES));
        Path version = dir.resolve("tiny-cond/1");
        ResultStore.store(registry, a, ResultStore.Origin.SHIPPED);
        Path submittedA = ResultStore.store(registry, a, ResultStore.Origin.SUBMITTED);
        ResultStore.store(registry, b, ResultStore.Origin.SUBMITTED);
        assertEquals(version.resolve("submitted/eval/" + a.key() + ".json").toAbsolutePath(),
                submittedA.toAbsolutePath());
        ResultStore.MetricsFile submitted = ResultStore.read(version.resolve("submitted/metrics.json"));
        assertEquals(java.util.Set.of(a.key(), b.key()), submitted.evaluations().keySet());
        assertEquals("submitted/eval/" + b.key() + ".json", submitted.evaluations().get(b.key()).file());
        assertEquals(b.key(), submitted.latest());

        assertTrue(ResultStore.deleteSubmitted(version, b.key()));
        submitted = ResultStore.read(version.resolve("submitted/metrics.json"));
        assertEquals(java.util.Set.of(a.key()), submitted.evaluations().keySet());
        assertEquals("", submitted.latest(), "the latest was deleted, and no other entry is the latest");
        assertFalse(Files.exists(version.resolve("submitted/eval/" + b.key() + ".json")));
        assertFalse(ResultStore.deleteSubmitted(version, b.key()), "nothing left to delete");

        assertTrue(ResultStore.deleteSubmitted(version, a.key()));
        assertTrue(Files.isRegularFile(version.resolve("eval/" + a.key() + ".json")),
                "deleting the submitted copy leaves the shipped result of the same config");
        assertTrue(ResultStore.read(version.resolve("metrics.json")).evaluations().containsKey(a.key()));
    }
}
