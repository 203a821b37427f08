package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.PreviewKind;
import io.guidestream.bus.StepFrame;
import io.guidestream.diffusion.ValueRange;
import io.guidestream.sampling.guidance.Guidance;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Copies one job's step off the device into host values (telemetry numbers and PNG previews), so that nothing
 * native leaves the sampler: frames carry bytes and numbers only.
 */
final class FrameBuilder {
    private FrameBuilder() {
    }

    /** A step computed but not yet delivered: the frame waits for the tick's duration. */
    record Pending(Trajectory trajectory, NDArray next, int step, int of, int t, double[] entropy, double[] scale,
            double[][] probs, double[] gradNorm, List<List<String>> active, List<StepFrame.Preview> images) {

        StepFrame build(double ms) {
            return new StepFrame(trajectory.jobId(), step, of, t, entropy, scale, probs, gradNorm, active, ms, images);
        }
    }

    static Pending capture(Trajectory t, @Nullable ClassifierReading reading, Guidance.Outcome outcome,
            StepResult res) {
        int step = t.stepNumber();
        int of = t.stepsTotal();
        GenerateCommand.PreviewSettings preview = t.command.preview();
        List<StepFrame.Preview> images = new ArrayList<>();
        boolean due = step == of || (preview.every() > 0 && step % preview.every() == 0);
        if (due) {
            for (PreviewKind kind : PreviewKind.values()) {
                if (preview.kinds().contains(kind)) {
                    addPreviews(images, kind, kind == PreviewKind.XT ? res.next() : res.x0(),
                            t.denoiser.model().card().network().valueRange());
                }
            }
        }
        double[] entropy = reading == null ? new double[0] : reading.entropy();
        double[][] probs = reading == null ? new double[0][] : reading.probs();
        double[] gradNorm = reading == null ? new double[0] : reading.gradNorm();
        return new Pending(t, res.next(), step, of, t.modelTimestep(), entropy, outcome.classScale(), probs,
                gradNorm, outcome.active(), images);
    }

    private static void addPreviews(List<StepFrame.Preview> out, PreviewKind kind, NDArray images,
            ValueRange range) {
        long[] shape = images.getShape().getShape();
        int b = (int) shape[0];
        int c = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        float[] flat = images.toFloatArray();
        for (int i = 0; i < b; i++) {
            out.add(new StepFrame.Preview(kind, i, PreviewEncoder.png(flat, i, c, h, w, range)));
        }
    }
}
