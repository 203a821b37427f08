package io.guidestream.perf;

import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.StepFrame;
import io.guidestream.http.WireFormat;
import io.guidestream.nn.GradMode;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.sampling.FrameSink;
import io.guidestream.sampling.ModelStore;
import io.guidestream.sampling.SamplingEngine;
import java.util.Locale;

/**
 * What streaming previews costs the sampler: one whole generation (bench U-Net, DDIM, batch 4, unguided with
 * telemetry) through the real engine with x_t and x̂0 previews every step, against previews off (only the last step's
 * images, which every job gets). The engine itself copies the images off the device and PNG-encodes them
 * ({@code FrameBuilder} → {@code PreviewEncoder}), as it does for the sampler verticle. Repetitions alternate off/on
 * so that drift in machine load hits both alike; figures are medians over repetitions of each generation's mean step.
 * The gateway's share (wire-format JSON and image frames, on its event loop in the service) is timed separately.
 */
final class StreamingOverhead {
    private static final int BATCH = 4;

    private StreamingOverhead() {
    }

    /** {@code perf/bench streaming [steps] [repetitions]}. */
    static void run(String[] args) throws Exception {
        int steps = PerfSupport.intArg(args, 0, 50, 2, 1000, "steps");
        int reps = PerfSupport.intArg(args, 1, 5, 1, 100, "repetitions");
        PerfSupport.header("streaming overhead: DDIM " + steps + " steps, batch " + BATCH + ", x_t + x̂0 PNG previews"
                + " (bench U-Net, shipped architecture, telemetry on), " + reps + " alternating repetitions");
        GradMode.disableOnThisThread();
        ModelRegistry registry = BenchModels.create();
        double[][] engineMs = new double[2][reps];
        double[][] wireMs = new double[2][reps];
        double[][] kib = new double[2][reps];
        try (ModelStore store = new ModelStore(registry);
                SamplingEngine engine = EngineBench.engine(store, 1024, "bench", true)) {
            generate(engine, steps, 0, "warm-off");
            generate(engine, steps, 1, "warm-on");
            for (int r = 0; r < reps; r++) {
                for (int on = 0; on < 2; on++) {
                    WireSink sink = generate(engine, steps, on, "r" + r + "-" + on);
                    engineMs[on][r] = (sink.wallNanos - sink.wireNanos) / 1e6 / steps;
                    wireMs[on][r] = sink.wireNanos / 1e6 / steps;
                    kib[on][r] = sink.pngBytes / 1024.0 / steps;
                }
            }
        }
        print(engineMs, wireMs, kib);
    }

    /** Runs one generation to its end; {@code every} 1 streams previews at every step, 0 only at the last. */
    private static WireSink generate(SamplingEngine engine, int steps, int every, String id) {
        WireSink sink = new WireSink();
        long t0 = System.nanoTime();
        engine.admit(EngineBench.job(id, BenchModels.UNET, BATCH, GuidanceMethod.NONE, steps, every));
        while (!engine.idle()) engine.tick(sink);
        sink.wallNanos = System.nanoTime() - t0;
        if (!sink.done) throw new IllegalStateException("generation " + id + " did not finish");
        return sink;
    }

    private static void print(double[][] engineMs, double[][] wireMs, double[][] kib) {
        System.out.printf(Locale.ROOT, "%-12s %15s %15s %12s%n", "previews", "sampler ms/step", "gateway ms/step",
                "PNG KiB/step");
        String[] names = {"off (last)", "every step"};
        double[] med = new double[2];
        for (int on = 0; on < 2; on++) {
            med[on] = PerfSupport.median(engineMs[on]);
            System.out.printf(Locale.ROOT, "%-12s %15.2f %15.3f %12.2f%n", names[on], med[on],
                    PerfSupport.median(wireMs[on]), PerfSupport.median(kib[on]));
        }
        System.out.printf(Locale.ROOT, "# previews every step: %+.2f ms/step on the sampler thread, %.3f× the step"
                + " time without them%n", med[1] - med[0], med[1] / med[0]);
    }

    /**
     * Does the gateway's share of each frame, the wire encoding of the step message and of every image frame
     * ({@link WireFormat}), and times it so that it can be left out of the sampler's figure.
     */
    private static final class WireSink implements FrameSink {
        long wallNanos;
        long wireNanos;
        long pngBytes;
        boolean done;

        @Override
        public void frame(GenerateCommand job, StepFrame frame) {
            long t0 = System.nanoTime();
            long bytes = WireFormat.step("r", frame).length();
            for (StepFrame.Preview p : frame.images()) {
                bytes += WireFormat.image(frame, p).length();
                pngBytes += p.png().length;
            }
            if (bytes == 0) throw new IllegalStateException("empty frame");
            wireNanos += System.nanoTime() - t0;
        }

        @Override
        public void done(GenerateCommand job, JobEvent.Done d) {
            done = true;
        }

        @Override
        public void failed(GenerateCommand job, JobEvent.Failed failed) {
            throw new IllegalStateException(failed.message());
        }
    }
}
