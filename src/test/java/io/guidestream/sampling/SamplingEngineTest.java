package io.guidestream.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.guidestream.LiveArrays;
import io.guidestream.TestModels;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.bus.PreviewKind;
import io.guidestream.bus.SamplerKind;
import io.guidestream.bus.StepFrame;
import io.guidestream.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SamplingEngineTest {
    @TempDir
    static Path dir;
    static ModelStore models;

    @BeforeAll
    static void registry() throws Exception {
        ModelRegistry registry = TestModels.registry(dir);
        models = new ModelStore(registry);
    }

    @AfterAll
    static void close() {
        models.close();
    }

    private static List<StepFrame> run(SamplingEngine engine, GenerateCommand cmd) {
        RecordingSink sink = new RecordingSink();
        engine.admit(cmd);
        while (!engine.idle()) engine.tick(sink);
        assertTrue(sink.done.containsKey(cmd.jobId()), "job must finish");
        return sink.of(cmd.jobId());
    }

    @Test
    void framesArriveInOrderWithTelemetryAndPreviews() {
        try (SamplingEngine engine = new SamplingEngine(models, 64, "t")) {
            List<StepFrame> frames = run(engine, Commands.ddim("a", TestModels.COND, List.of(3, 4), 1, 6,
                    GuidanceMethod.NONE, 0));
            assertEquals(6, frames.size());
            for (int i = 0; i < 6; i++) {
                StepFrame f = frames.get(i);
                assertEquals(i + 1, f.step());
                assertEquals(6, f.of());
                assertEquals(2, f.entropy().length);
                assertEquals(10, f.probs()[0].length);
                assertEquals(1.0, java.util.Arrays.stream(f.probs()[1]).sum(), 1e-4);
                assertTrue(f.entropy()[0] >= 0 && f.entropy()[0] <= Math.log(10) + 1e-6);
                assertTrue(f.gradNorm()[0] > 0, "the classifier gradient must be measured even unguided");
                assertEquals(4, f.images().size(), "xt and x0 for two items");
            }
            assertTrue(frames.get(0).t() > frames.get(5).t(), "timesteps count down");
            assertEquals(0, frames.get(5).t());
        }
    }

    @Test
    void sameSeedGivesIdenticalFramesAndOtherSeedsDiffer() {
        try (SamplingEngine engine = new SamplingEngine(models, 64, "t")) {
            GenerateCommand a = Commands.withSampler(Commands.ddim("s1", TestModels.COND, List.of(1), 42, 5,
                    GuidanceMethod.CLASSIFIER, 1), SamplerKind.DDPM, 0);
            List<StepFrame> first = run(engine, a);
            List<StepFrame> again = run(engine, Commands.withSampler(Commands.ddim("s2", TestModels.COND, List.of(1),
                    42, 5, GuidanceMethod.CLASSIFIER, 1), SamplerKind.DDPM, 0));
            List<StepFrame> other = run(engine, Commands.withSampler(Commands.ddim("s3", TestModels.COND, List.of(1),
                    43, 5, GuidanceMethod.CLASSIFIER, 1), SamplerKind.DDPM, 0));
            for (int i = 0; i < first.size(); i++) {
                assertArrayEquals(first.get(i).entropy(), again.get(i).entropy());
                assertArrayEquals(first.get(i).images().get(0).png(), again.get(i).images().get(0).png());
            }
            assertFalse(java.util.Arrays.equals(first.get(4).images().get(0).png(),
                    other.get(4).images().get(0).png()));
        }
    }

    /** With the lanes too (issue 24): halves computed on the lane threads live in the tick's scope like the rest. */
    @ParameterizedTest(name = "laneItems {0}")
    @ValueSource(ints = {0, 16})
    void liveArrayCountStaysFlatOver200Steps(int laneItems) {
        try (SamplingEngine engine = new SamplingEngine(models, 64, "t", true, laneItems)) {
            if (laneItems > 0) assumeTrue(engine.splits(2), "lanes need two PyTorch threads; this host has one");
            // Load both models first: their parameters are model-lifetime arrays, not part of any job.
            run(engine, Commands.ddim("warm", TestModels.COND, List.of(1, 2), 1, 3, GuidanceMethod.ENTROPY, 1));
            run(engine, Commands.ddim("warm2", TestModels.UNCOND, List.of(1), 1, 3, GuidanceMethod.TAIL, 1));
            int before = LiveArrays.count();
            RecordingSink sink = new RecordingSink();
            engine.admit(Commands.ddim("long", TestModels.COND, List.of(1, 2), 7, 200, GuidanceMethod.ENTROPY, 1));
            engine.admit(Commands.ddim("other", TestModels.UNCOND, List.of(5, 6), 8, 150, GuidanceMethod.TAIL, 1));
            int during = -1;
            for (int i = 0; i < 200; i++) {
                engine.tick(sink);
                if (i == 100) during = LiveArrays.count();
            }
            assertEquals(200, sink.of("long").size());
            assertEquals(150, sink.of("other").size());
            assertTrue(sink.failed.isEmpty(), "no job may fail: " + sink.failed);
            assertTrue(engine.idle());
            assertEquals(before + 2, during, "only the two jobs' states may be alive mid-run");
            assertEquals(before, LiveArrays.count(), "everything a job allocated must be freed");
        }
    }

    @Test
    void badRequestsAreRefusedWithTheirCodes() {
        try (SamplingEngine engine = new SamplingEngine(models, 3, "t")) {
            SamplingException unknown = assertThrows(SamplingException.class, () -> engine.admit(
                    Commands.ddim("u", "no-such-model", List.of(1), 1, 5, GuidanceMethod.NONE, 0)));
            assertEquals(ErrorCode.UNKNOWN_MODEL, unknown.code());
            SamplingException label = assertThrows(SamplingException.class, () -> engine.admit(
                    Commands.ddim("l", TestModels.COND, List.of(10), 1, 5, GuidanceMethod.NONE, 0)));
            assertEquals(ErrorCode.BAD_REQUEST, label.code());
            assertTrue(label.getMessage().contains("label must be 0..9"), label.getMessage());
            SamplingException steps = assertThrows(SamplingException.class, () -> engine.admit(
                    Commands.ddim("s", TestModels.COND, List.of(1), 1, 1001, GuidanceMethod.NONE, 0)));
            assertTrue(steps.getMessage().contains("sampler.steps must be 1..1000"), steps.getMessage());
            SamplingException role = assertThrows(SamplingException.class, () -> engine.admit(
                    Commands.ddim("r", TestModels.CLASSIFIER, List.of(1), 1, 5, GuidanceMethod.NONE, 0)));
            assertEquals(ErrorCode.BAD_REQUEST, role.code());
            SamplingException full = assertThrows(SamplingException.class, () -> engine.admit(
                    Commands.ddim("f", TestModels.COND, List.of(1, 2, 3, 4), 1, 5, GuidanceMethod.NONE, 0)));
            assertEquals(ErrorCode.CAPACITY, full.code());
            assertTrue(engine.idle());
        }
    }

    @Test
    void cancelRemovesTheJobBeforeItsNextStep() {
        try (SamplingEngine engine = new SamplingEngine(models, 64, "t")) {
            RecordingSink sink = new RecordingSink();
            engine.admit(Commands.ddim("c", TestModels.COND, List.of(1), 1, 50, GuidanceMethod.NONE, 0));
            engine.admit(Commands.ddim("k", TestModels.COND, List.of(2), 2, 3, GuidanceMethod.NONE, 0));
            engine.tick(sink);
            assertTrue(engine.cancel("c", sink));
            while (!engine.idle()) engine.tick(sink);
            assertEquals(1, sink.of("c").size());
            assertEquals(ErrorCode.CANCELLED, sink.failed.get("c").code());
            assertEquals(3, sink.of("k").size(), "the other job is unaffected");
        }
    }

    @Test
    void previewsFollowEveryAndAlwaysIncludeTheLastStep() {
        try (SamplingEngine engine = new SamplingEngine(models, 64, "t")) {
            GenerateCommand base = Commands.ddim("p", TestModels.COND, List.of(1), 1, 7, GuidanceMethod.NONE, 0);
            GenerateCommand cmd = new GenerateCommand("p", base.replyAddress(), base.model(), base.labels(), 1,
                    base.sampler(), base.guidance(), new GenerateCommand.PreviewSettings(3,
                            java.util.Set.of(PreviewKind.X0)));
            List<StepFrame> frames = run(engine, cmd);
            int[] withImages = frames.stream().filter(f -> !f.images().isEmpty()).mapToInt(StepFrame::step).toArray();
            assertArrayEquals(new int[] {3, 6, 7}, withImages);
            assertEquals(PreviewKind.X0, frames.get(6).images().get(0).kind());
        }
    }
}
