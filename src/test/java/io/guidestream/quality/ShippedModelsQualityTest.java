package io.guidestream.quality;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.bus.EvalCommand;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.bus.SamplerKind;
import io.guidestream.config.DataConfig;
import io.guidestream.data.FashionMnist;
import io.guidestream.evaluator.EvalResult;
import io.guidestream.evaluator.EvaluationRun;
import io.guidestream.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Model-quality checks on the shipped models in {@code models/} (slow: minutes each; run with
 * {@code mvn -Pquality verify}). Each prints its figures; docs/EXPERIMENTS.md has the full tables.
 */
@Tag("slow")
class ShippedModelsQualityTest {
    private static final ModelRegistry REGISTRY = new ModelRegistry(Path.of("models"));
    private static final EvaluationRun RUN = new EvaluationRun(REGISTRY,
            () -> FashionMnist.load(DataConfig.defaults().path(), FashionMnist.Split.TEST));
    private static final int N = 200;

    private static EvalResult eval(String id, int steps, GuidanceMethod method, double scale, String classifier)
            throws Exception {
        EvalCommand cmd = new EvalCommand("e-" + id, "fashion-cond", N, 0, 50, List.of(),
                new GenerateCommand.SamplerSettings(SamplerKind.DDIM, steps, 0),
                GenerateCommand.GuidanceSettings.of(method, scale).withClassifier(classifier).withX0Lambda(0.1),
                "fashion-features");
        EvalResult r = RUN.run(cmd, (phase, done, total, rate, eta) -> { }, () -> false);
        System.out.printf(Locale.ROOT, "%-40s %s%n", id, r.summary());
        return r;
    }

    @Test
    void conditionalSamplesAreRecognisableMostOfTheTime() throws Exception {
        EvalResult r = eval("unguided DDIM-50", 50, GuidanceMethod.NONE, 0, null);
        assertTrue(r.metrics().accuracy() > 0.6, "fraction recognised as the requested class: "
                + r.metrics().accuracy());
    }

    @Test
    void classifierGuidanceRaisesClassAccuracyAtEqualSeeds() throws Exception {
        double plain = eval("unguided DDIM-25", 25, GuidanceMethod.NONE, 0, null).metrics().accuracy();
        double guided = eval("classifier s=2 DDIM-25", 25, GuidanceMethod.CLASSIFIER, 2, null).metrics().accuracy();
        assertTrue(guided > plain, "guided accuracy " + guided + " vs unguided " + plain);
    }

    /**
     * ED-DPM's premise and remedy, measured: the classifier's entropy collapses early, so plain guidance's pull
     * s·‖∇ log p(y|x_t)‖ fades; the entropy rule raises the scale exactly as the entropy falls and so keeps the pull
     * up, and the entropy-constrained classifier's entropy stays higher through the middle of the chain.
     */
    @Test
    void theEntropyRuleCountersTheEarlyCollapseOfTheClassifiersEntropy() throws Exception {
        EvalResult plain = eval("classifier s=2 (CE classifier)", 25, GuidanceMethod.CLASSIFIER, 2, "fashion-clf");
        EvalResult eds = eval("entropy s=2 (CE classifier)", 25, GuidanceMethod.ENTROPY, 2, "fashion-clf");
        EvalResult ect = eval("entropy s=2 (ECT classifier)", 25, GuidanceMethod.ENTROPY, 2, "fashion-clf-ect");
        double[] h = plain.entropyCurve();
        System.out.println("entropy, plain guidance: " + Arrays.toString(round(h)));
        System.out.println("entropy, EDS:            " + Arrays.toString(round(eds.entropyCurve())));
        System.out.println("entropy, EDS + ECT:      " + Arrays.toString(round(ect.entropyCurve())));
        System.out.println("scale, EDS:              " + Arrays.toString(round(eds.scaleCurve())));
        System.out.println("s·|grad|, plain:         " + Arrays.toString(round(plain.guidanceNormCurve())));
        System.out.println("s·|grad|, EDS:           " + Arrays.toString(round(eds.guidanceNormCurve())));
        assertTrue(mean(h, 0.5, 1) < 0.5 * Math.log(10), "the entropy has collapsed by mid-chain: " + mean(h, 0.5, 1));
        assertTrue(mean(eds.scaleCurve(), 0.5, 1) > 1.5 * mean(eds.scaleCurve(), 0, 0.1),
                "the entropy rule raises the scale as the entropy falls");
        double[] pull = plain.guidanceNormCurve();
        assertTrue(mean(pull, 0.5, 1) < 0.5 * mean(pull, 0, 0.1), "plain guidance's pull fades: "
                + mean(pull, 0.5, 1) + " in the second half against " + mean(pull, 0, 0.1) + " at the start");
        assertTrue(mean(eds.guidanceNormCurve(), 0.5, 1) > 1.5 * mean(pull, 0.5, 1),
                "the entropy rule keeps the pull up in the second half");
        assertTrue(mean(ect.entropyCurve(), 0.25, 0.75) > mean(eds.entropyCurve(), 0.25, 0.75),
                "the ECT classifier stays less confident through the middle of the chain");
    }

    private static double mean(double[] xs, double from, double to) {
        int a = (int) Math.floor(from * xs.length);
        int b = Math.max(a + 1, (int) Math.ceil(to * xs.length));
        return Arrays.stream(xs, a, Math.min(b, xs.length)).average().orElseThrow();
    }

    private static double[] round(double[] xs) {
        return Arrays.stream(xs).map(x -> Math.round(x * 100) / 100.0).toArray();
    }
}
