package io.guidestream.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.guidestream.TestModels;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.bus.SamplerKind;
import io.guidestream.bus.StepFrame;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ARCHITECTURE.md §3: a job's frames do not depend on what shares its batch. */
class BatchingDeterminismTest {
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

    private static GenerateCommand job(String id, List<Integer> labels, long seed, GuidanceMethod g, SamplerKind kind) {
        return Commands.withSampler(Commands.ddim(id, TestModels.COND, labels, seed, 12, g, 1.5), kind,
                kind == SamplerKind.DDIM ? 0.3 : 0);
    }

    private static List<StepFrame> run(boolean batching, GenerateCommand... jobs) {
        try (SamplingEngine engine = new SamplingEngine(models, 256, "t", batching)) {
            RecordingSink sink = new RecordingSink();
            for (GenerateCommand j : jobs) engine.admit(j);
            while (!engine.idle()) engine.tick(sink);
            return sink.of(jobs[0].jobId());
        }
    }

    @Test
    void aJobsFramesAreTheSameAloneOrBatchedWithOtherJobs() {
        for (SamplerKind kind : List.of(SamplerKind.DDIM, SamplerKind.DDPM)) {
            GenerateCommand mine = job("mine", List.of(3, 8), 11, GuidanceMethod.ENTROPY, kind);
            List<StepFrame> alone = run(true, mine);
            List<StepFrame> batched = run(true, mine, job("b", List.of(1, 2, 5), 12, GuidanceMethod.CLASSIFIER, kind),
                    job("c", List.of(0), 13, GuidanceMethod.TAIL, kind), job("d", List.of(9, 9), 14, GuidanceMethod.NONE,
                            SamplerKind.DDPM));
            List<StepFrame> unbatched = run(false, mine, job("b", List.of(1, 2, 5), 12, GuidanceMethod.CLASSIFIER,
                    kind));
            assertSame(alone, batched, kind + " batched with three other jobs");
            assertSame(alone, unbatched, kind + " with batching off");
        }
    }

    static void assertSame(List<StepFrame> expected, List<StepFrame> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            StepFrame a = expected.get(i);
            StepFrame b = actual.get(i);
            for (int j = 0; j < a.images().size(); j++) {
                assertArrayEquals(a.images().get(j).png(), b.images().get(j).png(), what + ": image " + j + " step "
                        + (i + 1));
            }
            assertArrayEquals(a.entropy(), b.entropy(), what + ": entropy at step " + (i + 1));
            assertArrayEquals(a.gradNorm(), b.gradNorm(), what + ": gradient norm at step " + (i + 1));
        }
    }
}
