package io.guidestream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.TestModels;
import io.guidestream.bus.PublishMode;
import io.guidestream.diffusion.BetaSchedule;
import io.guidestream.registry.DefaultRule;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRole;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which published version becomes the default, on the cards' held-out figures. */
class DefaultPolicyTest {
    private static final Map<String, Double> GOOD_LOSS = Map.of("testDsmLossT150", 0.04, "testDsmLossT450", 0.02,
            "trainedSteps", 8000.0);
    private static final Map<String, Double> BAD_LOSS = Map.of("testDsmLossT150", 0.90, "testDsmLossT450", 0.70,
            "testDsmLossT750", 0.01, "trainedSteps", 3.0);

    @Test
    void aVersionIsOnlyADefaultWhenAskedFor() {
        DefaultRule.Decision d = decide(PublishMode.VERSION, false, GOOD_LOSS, BAD_LOSS);
        assertFalse(d.makeDefault(), "even a better version waits to be asked");
        assertTrue(d.reason().contains("the default stays v3"), d.reason());
    }

    @Test
    void aBetterOrEqualVersionBecomesTheDefaultWhenAskedFor() {
        DefaultRule.Decision d = decide(PublishMode.DEFAULT, false, GOOD_LOSS, BAD_LOSS);
        assertTrue(d.makeDefault());
        // Only the levels both cards were measured at: t = 150 and 450 (mean 0.03 against 0.80).
        assertTrue(d.reason().contains("mean held-out DSM loss 0.0300 against v3's 0.8000 (2 levels, lower is better)"),
                d.reason());
        assertTrue(decide(PublishMode.DEFAULT, false, GOOD_LOSS, GOOD_LOSS).makeDefault(), "equal is not worse");
    }

    @Test
    void aWorseVersionNeedsTheOverrideAndTheAnswerSaysWhy() {
        DefaultRule.Decision refused = decide(PublishMode.DEFAULT, false, BAD_LOSS, GOOD_LOSS);
        assertFalse(refused.makeDefault());
        assertTrue(refused.reason().startsWith("not made the default, which stays v3: mean held-out DSM loss 0.8000"
                + " against v3's 0.0300"), refused.reason());
        assertTrue(refused.reason().contains("allowWorse") && refused.reason().contains("{\"version\":4}"),
                refused.reason());
        DefaultRule.Decision forced = decide(PublishMode.DEFAULT, true, BAD_LOSS, GOOD_LOSS);
        assertTrue(forced.makeDefault());
        assertTrue(forced.reason().contains("although it is worse (allowWorse)"), forced.reason());
    }

    @Test
    void classifiersCompareOnTestAccuracyWhereHigherIsBetter() {
        Map<String, Double> better = Map.of("testAccuracyClean", 0.86, "testAccuracyT500", 0.80);
        Map<String, Double> worse = Map.of("testAccuracyClean", 0.10, "testAccuracyT500", 0.11);
        assertTrue(decide(PublishMode.DEFAULT, false, better, worse).makeDefault());
        DefaultRule.Decision d = decide(PublishMode.DEFAULT, false, worse, better);
        assertFalse(d.makeDefault());
        assertTrue(d.reason().contains("mean test accuracy 0.1050 against v3's 0.8300"), d.reason());
    }

    @Test
    void withoutComparableFiguresTheAskIsEnough() {
        DefaultRule.Decision d = decide(PublishMode.DEFAULT, false, Map.of("trainedSteps", 6000.0),
                Map.of("testDsmLossT150", Double.NaN));
        assertTrue(d.makeDefault());
        assertTrue(d.reason().contains("no held-out figures to compare with v3"), d.reason());
    }

    private static DefaultRule.Decision decide(PublishMode mode, boolean allowWorse, Map<String, Double> candidate,
            Map<String, Double> current) {
        return new DefaultPolicy(mode, allowWorse).decide(card(4, candidate), card(3, current));
    }

    private static ModelCard card(int version, Map<String, Double> metrics) {
        return new ModelCard("m", version, ModelRole.EPSILON, TestModels.tinyUNet(10), BetaSchedule.COSINE, 1000, 10,
                "test", null, 0, metrics, null, "test", "now", "a card");
    }
}
