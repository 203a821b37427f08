package io.guidestream.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.guidestream.TestModels;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.bus.SamplerKind;
import io.guidestream.bus.StepFrame;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ARCHITECTURE.md, the sampler: a job's frames do not depend on what shares its batch (up to float32 rounding). */
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

    /**
     * Lanes (issue 24) split the batch's forward pass and classifier probe in two halves on two threads, and tail
     * guidance's second denoiser pass (x̂0 routing, λ = 0.1 here) too: every job's frames, guided and not, with the
     * entropy gradient (tail) or without, are those of the whole batch.
     */
    @Test
    void lanesGiveTheFramesOfTheWholeBatch() {
        for (SamplerKind kind : List.of(SamplerKind.DDIM, SamplerKind.DDPM)) {
            List<GenerateCommand> jobs = List.of(job("a", List.of(3, 8), 11, GuidanceMethod.ENTROPY, kind),
                    job("b", List.of(1, 2, 5), 12, GuidanceMethod.CLASSIFIER, kind),
                    job("c", List.of(0, 6), 13, GuidanceMethod.TAIL, kind), job("d", List.of(9, 9), 14,
                            GuidanceMethod.NONE, SamplerKind.DDPM));
            RecordingSink whole = new RecordingSink();
            RecordingSink halves = new RecordingSink();
            try (SamplingEngine one = new SamplingEngine(models, 256, "t", true, 0);
                    SamplingEngine two = new SamplingEngine(models, 256, "t", true, 16)) {
                assumeTrue(two.splits(8), "lanes need two PyTorch threads; this host has one");
                assertTrue(!one.splits(8) && !two.splits(1) && !two.splits(17), "what is split");
                for (GenerateCommand j : jobs) {
                    one.admit(j);
                    two.admit(j);
                }
                while (!one.idle()) one.tick(whole);
                while (!two.idle()) two.tick(halves);
            }
            for (GenerateCommand j : jobs) {
                assertEquals(12, halves.of(j.jobId()).size(), j.jobId() + " ran to its end");
                assertSame(whole.of(j.jobId()), halves.of(j.jobId()), kind + ", job " + j.jobId() + " in lanes");
            }
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

    /**
     * Only the items that need the classifier go through its probe (docs/PROTOCOL.md, Telemetry), so the probe's batch
     * changes with its neighbours' {@code telemetry.every}: a job's frames must not. The quiet job comes first, so the
     * probe's items start after its own.
     */
    @Test
    void aJobsReadingsAreTheSameWhateverItsNeighboursTelemetry() {
        // Every third step: at those, the probe reads this job's items and not the quiet job's; at the others, neither.
        for (int every : new int[] {3}) {
            GenerateCommand mine = Commands.withTelemetry(job("mine", List.of(3, 8), 11, GuidanceMethod.NONE,
                    SamplerKind.DDIM), every);
            GenerateCommand quiet = Commands.withTelemetry(job("quiet", List.of(1, 2, 5), 12, GuidanceMethod.NONE,
                    SamplerKind.DDIM), 0);
            GenerateCommand guided = Commands.withTelemetry(job("guided", List.of(4), 13, GuidanceMethod.CLASSIFIER,
                    SamplerKind.DDIM), 0);
            RecordingSink together = new RecordingSink();
            try (SamplingEngine engine = new SamplingEngine(models, 256, "t")) {
                for (GenerateCommand j : List.of(quiet, mine, guided)) engine.admit(j);
                while (!engine.idle()) engine.tick(together);
            }
            assertSame(run(true, mine), together.of("mine"), "telemetry every " + every + " beside quiet jobs");
            assertSame(run(true, quiet), together.of("quiet"), "no telemetry beside jobs that read the classifier");
            assertSame(run(true, guided), together.of("guided"), "guided without telemetry beside others");
            for (StepFrame f : together.of("mine")) {
                assertEquals(f.step() % every == 0 || f.step() == f.of(), f.hasTelemetry(), "step " + f.step());
            }
            together.of("quiet").forEach(f -> assertTrue(!f.hasTelemetry(), "quiet step " + f.step()));
        }
    }

    /**
     * Same trajectory up to float32 rounding: oneDNN picks its convolution kernels by batch size, and on some CPUs
     * (AMD EPYC, 2026-12) they round differently, so a classifier reading can move by an ulp (2.2981383 against
     * 2.2981383 ± 3e-8) and a preview pixel by one grey level. A job whose noise or label leaked from its
     * neighbours would differ by far more than that.
     */
    static void assertSame(List<StepFrame> expected, List<StepFrame> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            StepFrame a = expected.get(i);
            StepFrame b = actual.get(i);
            for (int j = 0; j < a.images().size(); j++) {
                assertPixelsClose(a.images().get(j).png(), b.images().get(j).png(), what + ": image " + j + " step "
                        + (i + 1));
            }
            assertClose(a.entropy(), b.entropy(), what + ": entropy at step " + (i + 1));
            assertClose(a.gradNorm(), b.gradNorm(), what + ": gradient norm at step " + (i + 1));
        }
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        if (expected == null || actual == null) {
            assertTrue(expected == actual, what + ": reported in one run only");
            return;
        }
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), what + " [" + i + "]");
        }
    }

    private static void assertPixelsClose(byte[] expectedPng, byte[] actualPng, String what) {
        try {
            Raster a = ImageIO.read(new ByteArrayInputStream(expectedPng)).getData();
            Raster b = ImageIO.read(new ByteArrayInputStream(actualPng)).getData();
            assertEquals(a.getWidth(), b.getWidth(), what);
            assertEquals(a.getHeight(), b.getHeight(), what);
            int[] pa = a.getPixels(0, 0, a.getWidth(), a.getHeight(), (int[]) null);
            int[] pb = b.getPixels(0, 0, b.getWidth(), b.getHeight(), (int[]) null);
            for (int k = 0; k < pa.length; k++) {
                assertTrue(Math.abs(pa[k] - pb[k]) <= 1, what + ": pixel " + k + " is " + pb[k] + ", expected "
                        + pa[k] + " ± 1");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
