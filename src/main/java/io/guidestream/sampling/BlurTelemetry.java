package io.guidestream.sampling;

import io.guidestream.bus.StepFrame;
import io.guidestream.diffusion.BlurSchedule;
import org.jspecify.annotations.Nullable;

/**
 * One blur job's per-step readings ({@link StepFrame.BlurReading}): the corruption at the level a step starts from,
 * read from the job's {@link BlurSchedule}, and the RMS per pixel by which each item's clean estimate x̂0 moved since
 * the previous step. Blur models have no classifier, so this is what their live plots show. Host arrays only: it keeps
 * the previous x̂0 as floats, never a device array, so nothing native outlives a step.
 */
final class BlurTelemetry {
    private final BlurSchedule schedule;
    private float @Nullable [] previousX0;

    BlurTelemetry(BlurSchedule schedule) {
        this.schedule = schedule;
    }

    /**
     * @param level the schedule level τ the step starts from
     * @param x0    this step's clean estimates, B items of {@code x0.length / B} values each, flat
     * @param items B
     */
    StepFrame.BlurReading read(int level, float[] x0, int items) {
        double[] change = previousX0 == null ? null : rmsChange(previousX0, x0, items);
        previousX0 = x0.clone();
        return new StepFrame.BlurReading(level, schedule.blurSigma(level), schedule.signal(level),
                schedule.noise(level), change);
    }

    /** Per item, sqrt(mean over its values of (now − before)²). */
    static double[] rmsChange(float[] before, float[] now, int items) {
        int per = now.length / items;
        double[] out = new double[items];
        for (int i = 0; i < items; i++) {
            double sum = 0;
            for (int p = i * per; p < (i + 1) * per; p++) {
                double d = now[p] - before[p];
                sum += d * d;
            }
            out[i] = Math.sqrt(sum / per);
        }
        return out;
    }
}
