package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.PreviewKind;
import io.guidestream.bus.StepFrame;
import io.guidestream.diffusion.ValueRange;
import io.guidestream.sampling.guidance.ClassifierReading;
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

    /** A step computed but not yet delivered: the frame waits for the tick's duration and load. */
    record Pending(Trajectory trajectory, NDArray next, int step, int of, int t, double @Nullable [] entropy,
            double[] scale, double @Nullable [][] probs, double @Nullable [] gradNorm, List<List<String>> active,
            StepFrame.@Nullable BlurReading blur, List<StepFrame.Preview> images) {

        StepFrame build(double ms, StepFrame.Tick tick) {
            return new StepFrame(trajectory.jobId(), step, of, t, entropy, scale, probs, gradNorm, active, ms, tick,
                    blur, images);
        }
    }

    static Pending capture(Trajectory t, @Nullable ClassifierReading reading, Guidance.Outcome outcome,
            StepResult res) {
        int step = t.stepNumber();
        int of = t.stepsTotal();
        GenerateCommand.PreviewSettings preview = t.command.preview();
        boolean due = step == of || (preview.every() > 0 && step % preview.every() == 0);
        // x̂0 leaves the device at most once a step: for its previews and for a blur job's readings.
        boolean x0Needed = (due && preview.kinds().contains(PreviewKind.X0)) || t.blurTelemetry != null;
        Host x0 = x0Needed ? Host.of(res.x0()) : null;
        List<StepFrame.Preview> images = new ArrayList<>();
        if (due) {
            ValueRange range = t.denoiser.model().card().network().valueRange();
            if (preview.kinds().contains(PreviewKind.XT)) {
                addPreviews(images, PreviewKind.XT, Host.of(res.next()), range);
            }
            if (preview.kinds().contains(PreviewKind.X0)) addPreviews(images, PreviewKind.X0, x0, range);
        }
        StepFrame.BlurReading blur = t.blurTelemetry == null ? null
                : t.blurTelemetry.read(t.modelTimestep(), x0.values(), x0.items());
        // Steps that do not report telemetry carry none (null: absent on the wire), even where guidance read the
        // classifier; a due step of a job without a classifier carries empty arrays, as it always has.
        boolean report = t.telemetryDue();
        double[] entropy = !report ? null : reading == null ? new double[0] : reading.entropy();
        double[][] probs = !report ? null : reading == null ? new double[0][] : reading.probs();
        double[] gradNorm = !report ? null : reading == null ? new double[0] : reading.gradNorm();
        return new Pending(t, res.next(), step, of, t.modelTimestep(), entropy, outcome.classScale(), probs,
                gradNorm, outcome.active(), blur, images);
    }

    /** A B×C×H×W device array copied to the host. */
    private record Host(float[] values, int items, int channels, int height, int width) {
        static Host of(NDArray images) {
            long[] shape = images.getShape().getShape();
            return new Host(images.toFloatArray(), (int) shape[0], (int) shape[1], (int) shape[2], (int) shape[3]);
        }
    }

    private static void addPreviews(List<StepFrame.Preview> out, PreviewKind kind, Host images, ValueRange range) {
        for (int i = 0; i < images.items(); i++) {
            out.add(new StepFrame.Preview(kind, i, PreviewEncoder.png(images.values(), i, images.channels(),
                    images.height(), images.width(), range)));
        }
    }
}
