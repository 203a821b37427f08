package io.guidestream.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.TestModels;
import io.guidestream.TorchScriptModels;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.EvalCommand;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.bus.SamplerKind;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluating a model needs a FEATURES model that reads its images: for an imported 3×32×32 model and the 1×28×28
 * feature networks the request is refused at once, saying that none of the metrics can be measured; so is a
 * classifier that reads other images than the model makes; a model the features read keeps its second space.
 */
@Tag("torchscript")
class EvalPlanShapesTest {
    @TempDir
    static Path dir;
    static ModelRegistry registry;

    @BeforeAll
    static void registry() throws IOException {
        registry = TorchScriptModels.registry(dir);
        TestModels.publish(registry, TestModels.FEATURES, ModelRole.FEATURES, TestModels.tinyClassifier(), 10, null, 4);
        TestModels.publish(registry, TestModels.COND, ModelRole.EPSILON, TestModels.tinyUNet(10), 10, null, 1);
        TestModels.publish(registry, EvalCommand.DEFAULT_SECOND, ModelRole.FEATURES, TestModels.tinyClassifier(), 10,
                null, 5);
    }

    private static EvalCommand eval(String model, String classifier) {
        return new EvalCommand("e-1", model, 8, 0, 4, List.of(), new GenerateCommand.SamplerSettings(SamplerKind.DDIM,
                5, 0), GenerateCommand.GuidanceSettings.of(GuidanceMethod.NONE, 0).withClassifier(classifier),
                TestModels.FEATURES, EvalCommand.DEFAULT_SECOND);
    }

    @Test
    void aModelWhoseImagesNoFeaturesModelReadsIsRefusedSayingNothingIsMeasured() {
        EvaluationException e = assertThrows(EvaluationException.class,
                () -> EvalPlan.resolve(registry, eval(TorchScriptModels.EPS, null)));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertTrue(e.getMessage().contains("reads 1×28×28 images, but model 'shapes32' makes 3×32×32"), e.getMessage());
        assertTrue(e.getMessage().contains("none of them is measured"), e.getMessage());
    }

    @Test
    void aClassifierThatReadsOtherImagesIsRefused() {
        EvaluationException e = assertThrows(EvaluationException.class,
                () -> EvalPlan.resolve(registry, eval(TestModels.COND, TorchScriptModels.CLASSIFIER)));
        assertTrue(e.getMessage().contains("reads 3×32×32 images, but model tiny-cond makes 1×28×28"), e.getMessage());
    }

    @Test
    void aMatchingModelKeepsItsSecondSpace() {
        assertEquals(EvalCommand.DEFAULT_SECOND, EvalPlan.resolve(registry, eval(TestModels.COND, null)).second()
                .name());
    }
}
