package io.guidestream.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.LiveArrays;
import io.guidestream.TestModels;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.bus.PreviewKind;
import io.guidestream.bus.SamplerKind;
import io.guidestream.bus.StepFrame;
import io.guidestream.diffusion.BlurSchedule;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A blur (Soft Diffusion) model through the real engine: momentum and naive chains, and what it refuses. */
class BlurEngineTest {
    private static final String BLUR = TestModels.BLUR;
    @TempDir
    static Path dir;
    static ModelStore models;

    @BeforeAll
    static void registry() throws Exception {
        ModelRegistry registry = TestModels.registry(dir);
        TestModels.addBlur(registry);
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

    @Test
    void blurFramesReportTheScheduleAtTheirLevelAndHowFarTheCleanEstimateMoved() throws Exception {
        ModelCard card = models.get(BLUR, ModelRole.BLUR).card();
        BlurSchedule schedule = BlurSchedule.of(card.blurPathOrDefault(), card.diffusionSteps(), 28);
        try (SamplingEngine engine = new SamplingEngine(models, 64, "t")) {
            RecordingSink sink = new RecordingSink();
            engine.admit(blur("read", SamplerKind.MOMENTUM, 5, GuidanceMethod.NONE));
            while (!engine.idle()) engine.tick(sink);
            List<StepFrame> frames = sink.of("read");
            assertEquals(5, frames.size());
            double[][] previous = null;
            double largest = 0;
            for (StepFrame f : frames) {
                StepFrame.BlurReading b = f.blur();
                assertNotNull(b, "every blur step carries its readings");
                assertEquals(f.t(), b.level(), "the level the step starts from");
                assertEquals(schedule.blurSigma(f.t()), b.sigma());
                assertEquals(schedule.signal(f.t()), b.signal());
                assertEquals(schedule.noise(f.t()), b.noise());
                double[][] x0 = decodedX0(f, 2);
                if (previous == null) {
                    assertNull(b.x0Change(), "the first step has no previous estimate");
                } else {
                    for (int i = 0; i < 2; i++) {
                        // The previews are 8-bit (at most half a grey level, 1/255, off each), the readings exact.
                        assertEquals(rms(x0[i], previous[i]), b.x0Change()[i], 2 / 255.0, "item " + i);
                        largest = Math.max(largest, b.x0Change()[i]);
                    }
                }
                previous = x0;
            }
            assertEquals(999, frames.get(0).blur().level());
            assertTrue(frames.get(0).blur().sigma() > frames.get(3).blur().sigma(), "the blur lifts along the chain");
            assertEquals(0, frames.get(4).blur().level());
            assertTrue(largest > 0.02, "the clean estimate moves between steps: " + largest);
        }
    }

    @Test
    void epsilonFramesCarryNoBlurReadingsAndEveryFrameItsTicksLoad() {
        try (SamplingEngine engine = new SamplingEngine(models, 64, "t")) {
            RecordingSink sink = new RecordingSink();
            engine.admit(Commands.ddim("eps", TestModels.COND, List.of(1, 2, 3), 1, 3, GuidanceMethod.NONE, 0));
            engine.admit(blur("b", SamplerKind.NAIVE, 3, GuidanceMethod.NONE));
            while (!engine.idle()) engine.tick(sink);
            for (StepFrame f : sink.of("eps")) {
                assertNull(f.blur());
                assertEquals(new StepFrame.Tick(2, 5), f.tick(), "both jobs and their five images share each tick");
            }
            assertEquals(new StepFrame.Tick(2, 5), sink.of("b").get(2).tick());
        }
    }

    /** Item i's x̂0 preview at this step, back in [−1, 1]. */
    private static double[][] decodedX0(StepFrame f, int items) throws Exception {
        double[][] out = new double[items][];
        for (StepFrame.Preview p : f.images()) {
            if (p.kind() != PreviewKind.X0) continue;
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(p.png()));
            int[] grey = img.getRaster().getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
            out[p.index()] = java.util.Arrays.stream(grey).mapToDouble(g -> g / 127.5 - 1).toArray();
        }
        return out;
    }

    private static double rms(double[] a, double[] b) {
        double sum = 0;
        for (int p = 0; p < a.length; p++) sum += (a[p] - b[p]) * (a[p] - b[p]);
        return Math.sqrt(sum / a.length);
    }
}
