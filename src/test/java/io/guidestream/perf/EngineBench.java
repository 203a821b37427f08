package io.guidestream.perf;

import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.PreviewKind;
import io.guidestream.bus.SamplerKind;
import io.guidestream.bus.StepFrame;
import io.guidestream.nn.GradMode;
import io.guidestream.config.SamplerConfig;
import io.guidestream.sampling.FrameSink;
import io.guidestream.sampling.ModelStore;
import io.guidestream.sampling.SamplingEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Times sampler ticks of the real engine: warm-up first, then the median of the timed ticks. */
final class EngineBench {
    static final FrameSink DISCARD = new FrameSink() {
        @Override
        public void frame(GenerateCommand job, StepFrame frame) {
        }

        @Override
        public void done(GenerateCommand job, JobEvent.Done done) {
        }

        @Override
        public void failed(GenerateCommand job, JobEvent.Failed failed) {
            throw new IllegalStateException(failed.message());
        }
    };

    /**
     * Sampler lanes as the service runs them ({@code sampler.laneItems}'s default); {@code -Dbench.laneItems=0} times
     * the engine without them, for a side-by-side.
     */
    static final int LANE_ITEMS = Integer.getInteger("bench.laneItems", SamplerConfig.DEFAULT_LANE_ITEMS);

    private EngineBench() {
    }

    /** An engine as the sampler verticle builds one, lanes included. */
    static SamplingEngine engine(ModelStore store, int capacity, String node, boolean batching) {
        return new SamplingEngine(store, capacity, node, batching, LANE_ITEMS);
    }

    /** A job that outlives the measurement (1000 DDIM steps) and streams no previews unless asked. */
    static GenerateCommand job(String id, String model, int batch, GuidanceMethod method, int previewEvery) {
        return job(id, model, batch, method, 1000, previewEvery);
    }

    /** A DDIM job of {@code steps} steps; previews of both kinds every {@code previewEvery} steps (0: last only). */
    static GenerateCommand job(String id, String model, int batch, GuidanceMethod method, int steps,
            int previewEvery) {
        return job(id, model, batch, method, steps, previewEvery, GenerateCommand.TelemetrySettings.EVERY_STEP);
    }

    /** As {@link #job(String, String, int, GuidanceMethod, int, int)}, reading the classifier as {@code telemetry}. */
    static GenerateCommand job(String id, String model, int batch, GuidanceMethod method, int steps,
            int previewEvery, GenerateCommand.TelemetrySettings telemetry) {
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < batch; i++) labels.add(i % 10);
        return new GenerateCommand(id, "", model, labels, id.hashCode(),
                new GenerateCommand.SamplerSettings(SamplerKind.DDIM, steps, 0),
                GenerateCommand.GuidanceSettings.of(method, 1.0).withTail(1.0, 0, 0).withX0Lambda(0.1),
                new GenerateCommand.PreviewSettings(previewEvery, Set.of(PreviewKind.XT, PreviewKind.X0)), telemetry);
    }

    /** Median milliseconds per tick over {@code ticks} ticks after {@code warmup} untimed ones. */
    static double msPerTick(SamplingEngine engine, int warmup, int ticks) {
        return time(engine, warmup, ticks).ms();
    }

    /** A timing: median milliseconds per tick, and this process's minor page faults per tick meanwhile. */
    record Timing(double ms, double faults) {
    }

    /** {@link #msPerTick} with the page faults of the timed ticks (NaN where /proc cannot tell). */
    static Timing time(SamplingEngine engine, int warmup, int ticks) {
        GradMode.disableOnThisThread();
        for (int i = 0; i < warmup; i++) engine.tick(DISCARD);
        double[] ms = new double[ticks];
        long faults = PerfSupport.minorFaults();
        for (int i = 0; i < ticks; i++) {
            long t0 = System.nanoTime();
            engine.tick(DISCARD);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        long after = PerfSupport.minorFaults();
        double perTick = faults < 0 || after < 0 ? Double.NaN : (after - faults) / (double) ticks;
        return new Timing(PerfSupport.median(ms), perTick);
    }
}
