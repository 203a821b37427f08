package io.guidestream.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.LiveArrays;
import io.guidestream.TestModels;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.bus.SamplerKind;
import io.guidestream.bus.StepFrame;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A blur (Soft Diffusion) model through the real engine: momentum and naive chains, and what it refuses. */
class BlurEngineTest {
    private static final String BLUR = "tiny-blur";
    @TempDir
    static Path dir;
    static ModelStore models;

    @BeforeAll
    static void registry() throws Exception {
        ModelRegistry registry = TestModels.registry(dir);
        TestModels.publish(registry, BLUR, ModelRole.BLUR, TestModels.tinyUNet(10), 10, null, 4);
        models = new ModelStore(registry);
    }

    @AfterAll
    static void close() {
        models.close();
    }

    private static GenerateCommand blur(String id, SamplerKind kind, int steps, GuidanceMethod method) {
        return Commands.withSampler(Commands.ddim(id, BLUR, List.of(3, 7), 5, steps, method, 1), kind, 0);
    }

    @Test
    void momentumAndNaiveChainsRunFromThePriorLevelDownToZero() {
        try (SamplingEngine engine = new SamplingEngine(models, 64, "t")) {
            engine.admit(blur("warm", SamplerKind.MOMENTUM, 2, GuidanceMethod.NONE));
            RecordingSink warm = new RecordingSink();
            while (!engine.idle()) engine.tick(warm);
            int before = LiveArrays.count();
            for (SamplerKind kind : new SamplerKind[] {SamplerKind.MOMENTUM, SamplerKind.NAIVE}) {
                RecordingSink sink = new RecordingSink();
                engine.admit(blur(kind.wireName(), kind, 6, GuidanceMethod.NONE));
                while (!engine.idle()) engine.tick(sink);
                assertTrue(sink.failed.isEmpty(), "no failure: " + sink.failed);
                List<StepFrame> frames = sink.of(kind.wireName());
                assertEquals(6, frames.size());
                assertEquals(999, frames.get(0).t(), "the first step runs at the top level");
                assertEquals(0, frames.get(5).t());
                assertEquals(0, frames.get(0).probs().length, "blur models have no default classifier telemetry");
                assertEquals(4, frames.get(5).images().size());
            }
            assertEquals(before, LiveArrays.count(), "blur jobs free everything they allocate");
        }
    }

    @Test
    void mismatchedSamplersAndGuidanceAreRefused() {
        try (SamplingEngine engine = new SamplingEngine(models, 64, "t")) {
            SamplingException ddim = assertThrows(SamplingException.class,
                    () -> engine.admit(blur("d", SamplerKind.DDIM, 5, GuidanceMethod.NONE)));
            assertEquals(ErrorCode.BAD_REQUEST, ddim.code());
            assertTrue(ddim.getMessage().contains("is a blur model"), ddim.getMessage());
            SamplingException guided = assertThrows(SamplingException.class, () -> engine.admit(
                    Commands.withSampler(Commands.ddim("g", BLUR, List.of(1), 1, 5, GuidanceMethod.CLASSIFIER, 1),
                            SamplerKind.MOMENTUM, 0)));
            assertEquals(ErrorCode.BAD_REQUEST, guided.code());
            SamplingException eps = assertThrows(SamplingException.class, () -> engine.admit(Commands.withSampler(
                    Commands.ddim("e", TestModels.COND, List.of(1), 1, 5, GuidanceMethod.NONE, 0),
                    SamplerKind.NAIVE, 0)));
            assertTrue(eps.getMessage().contains("needs a blur model"), eps.getMessage());
        }
    }
}
