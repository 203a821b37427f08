package io.guidestream.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.TestModels;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.bus.SamplerKind;
import io.guidestream.bus.StepFrame;
import io.guidestream.sampling.guidance.ClassifierReading;
import io.guidestream.sampling.guidance.ConstantScale;
import io.guidestream.sampling.guidance.EntropyScale;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guidance contracts that every method must meet, on every sampler. */
class GuidanceContractTest {
    @TempDir
    static Path dir;
    static ModelStore models;

    @BeforeAll
    static void registry() throws Exception {
        models = new ModelStore(TestModels.registry(dir));
    }

    @AfterAll
    static void close() {
        models.close();
    }

    private static List<StepFrame> run(GenerateCommand cmd) {
        try (SamplingEngine engine = new SamplingEngine(models, 64, "t")) {
            RecordingSink sink = new RecordingSink();
            engine.admit(cmd);
            while (!engine.idle()) engine.tick(sink);
            assertTrue(sink.failed.isEmpty(), sink.failed.toString());
            return sink.of(cmd.jobId());
        }
    }

    private static GenerateCommand cmd(String id, GuidanceMethod method, double scale, SamplerKind kind,
            double tailScale, double lambda) {
        GenerateCommand c = Commands.withSampler(Commands.ddim(id, TestModels.COND, List.of(2, 7), 5, 8, method,
                scale), kind, kind == SamplerKind.DDIM ? 0.5 : 0);
        return new GenerateCommand(c.jobId(), c.replyAddress(), c.model(), c.labels(), c.seed(), c.sampler(),
                GenerateCommand.GuidanceSettings.of(method, scale).withTail(tailScale, 0, 0).withX0Lambda(lambda),
                c.preview());
    }

    @Test
    void zeroScaleIsBitwiseUnguidedForEveryMethodAndSampler() {
        for (SamplerKind kind : List.of(SamplerKind.DDPM, SamplerKind.DDIM)) {
            List<StepFrame> plain = run(cmd("plain", GuidanceMethod.NONE, 0, kind, 0, 0));
            for (GuidanceMethod m : List.of(GuidanceMethod.CLASSIFIER, GuidanceMethod.ENTROPY, GuidanceMethod.TAIL)) {
                List<StepFrame> zero = run(cmd("zero", m, 0, kind, 0, 0));
                for (int i = 0; i < plain.size(); i++) {
                    for (int j = 0; j < plain.get(i).images().size(); j++) {
                        assertArrayEquals(plain.get(i).images().get(j).png(), zero.get(i).images().get(j).png(),
                                m + " with scale 0 on " + kind + " differs at step " + (i + 1));
                    }
                    assertArrayEquals(plain.get(i).entropy(), zero.get(i).entropy());
                    assertTrue(zero.get(i).active().stream().allMatch(List::isEmpty));
                }
            }
        }
    }

    /** Issue 20: tail guidance's class term is ADM's, so with its tail and x̂0 parts at zero it is ADM bitwise. */
    @Test
    void tailWithoutItsTailAndX0PartsIsBitwiseClassifierGuidance() {
        for (SamplerKind kind : List.of(SamplerKind.DDPM, SamplerKind.DDIM)) {
            List<StepFrame> plain = run(cmd("cg", GuidanceMethod.CLASSIFIER, 3, kind, 0, 0));
            List<StepFrame> tail = run(cmd("tail", GuidanceMethod.TAIL, 3, kind, 0, 0));
            for (int i = 0; i < plain.size(); i++) {
                for (int j = 0; j < plain.get(i).images().size(); j++) {
                    assertArrayEquals(plain.get(i).images().get(j).png(), tail.get(i).images().get(j).png(),
                            "tail(s = 3, tail 0, λ 0) against classifier(s = 3) on " + kind + ", step " + (i + 1));
                }
                assertArrayEquals(plain.get(i).gradNorm(), tail.get(i).gradNorm());
            }
            List<StepFrame> routed = run(cmd("tail", GuidanceMethod.TAIL, 3, kind, 0, 0.5));
            assertFalse(java.util.Arrays.equals(plain.get(plain.size() - 1).images().get(0).png(),
                    routed.get(routed.size() - 1).images().get(0).png()), "λ = 0.5 changes the " + kind + " sample");
        }
    }

    @Test
    void guidanceChangesTheSampleAndReportsItsScaleAndTerms() {
        List<StepFrame> plain = run(cmd("plain", GuidanceMethod.NONE, 0, SamplerKind.DDIM, 0, 0));
        List<StepFrame> guided = run(cmd("cg", GuidanceMethod.CLASSIFIER, 5, SamplerKind.DDIM, 0, 0));
        StepFrame last = guided.get(guided.size() - 1);
        assertFalse(java.util.Arrays.equals(plain.get(7).images().get(0).png(), last.images().get(0).png()));
        assertEquals(5.0, last.scale()[0]);
        assertEquals(List.of("classifier"), last.active().get(0));
        List<StepFrame> tail = run(cmd("tail", GuidanceMethod.TAIL, 1, SamplerKind.DDPM, 1, 0.1));
        assertTrue(tail.get(0).active().get(0).containsAll(List.of("classifier", "tail", "x0")),
                tail.get(0).active().toString());
    }

    @Test
    void entropyScaleEqualsTheConstantScaleForUniformPredictions() {
        double[][] uniform = new double[2][10];
        for (double[] row : uniform) java.util.Arrays.fill(row, 0.1);
        ClassifierReading r = new ClassifierReading(uniform, ClassifierProbe.entropies(uniform), new int[2],
                new double[2], null, null);
        assertArrayEquals(new ConstantScale(2.5).scales(r), new EntropyScale(2.5, 0.1).scales(r), 1e-9);
    }

    @Test
    void entropyScaleGrowsPerItemAsTheClassifierGetsConfident() {
        double[][] p = {{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, {0.91, 0.01, 0.01, 0.01, 0.01, 0.01,
            0.01, 0.01, 0.01, 0.01}, {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}};
        ClassifierReading r = new ClassifierReading(p, ClassifierProbe.entropies(p), new int[3], new double[3], null,
                null);
        double[] s = new EntropyScale(1.0, 0.1).scales(r);
        assertEquals(1.0, s[0], 1e-9);
        assertTrue(s[1] > 3, "confident item gets a larger scale: " + s[1]);
        assertEquals(Math.log(10) / 0.1, s[2], 1e-9, "one-hot is finite thanks to the floor");
    }
}
