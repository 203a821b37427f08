package io.guidestream.perf;

import io.guidestream.LiveArrays;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.StepFrame;
import io.guidestream.nn.GradMode;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.sampling.FrameSink;
import io.guidestream.sampling.ModelStore;
import io.guidestream.sampling.SamplingEngine;
import java.util.Locale;

/**
 * Soak: many short generations in a row through the real engine (bench U-Net, DDIM 10 steps, batch 1, ADM classifier
 * guidance, so every step runs the classifier's forward and backward pass, with telemetry and x_t + x̂0 PNG previews
 * every step). At each checkpoint, with the engine idle: live NDArrays, heap in use after a full GC, and the process's
 * resident set. The verdict compares the checkpoint at half the run with the last: the second half must be flat.
 * The first half is warm-up (models loaded, JIT and native allocator caches: in 1000 generations on the shipped
 * architecture the resident set climbed from 258 MiB at 100 to about 290 MiB at 400 and then stayed within 5 MiB).
 */
final class Soak {
    /** Any live NDArray more than at the baseline is a leak: a job must free everything it allocated. */
    private static final int ARRAY_GROWTH_LIMIT = 0;
    private static final double HEAP_GROWTH_LIMIT_MIB = 16;
    private static final double RSS_GROWTH_LIMIT = 0.10;

    private Soak() {
    }

    /** {@code perf/bench soak [generations]}: checkpoints every 100 generations (every tenth of a shorter run). */
    static void run(String[] args) throws Exception {
        int n = PerfSupport.intArg(args, 0, 1000, 2, 1_000_000, "generations");
        int every = Math.max(1, Math.min(100, n / 10));
        PerfSupport.header("soak: " + n + " generations in a row (bench U-Net + classifier, shipped architecture;"
                + " DDIM 10 steps, batch 1, classifier guidance, x_t + x̂0 previews every step)");
        System.out.printf(Locale.ROOT, "%11s %12s %14s %13s %9s %14s %7s%n", "generations", "live arrays",
                "heap MiB (GC)", "non-heap MiB", "RSS MiB", "ms/generation", "failed");
        GradMode.disableOnThisThread();
        ModelRegistry registry = BenchModels.create();
        int baselineAt = n / 2;
        Checkpoint baseline = null;
        Checkpoint last = null;
        try (ModelStore store = new ModelStore(registry);
                SamplingEngine engine = EngineBench.engine(store, 64, "soak", true)) {
            CountingSink sink = new CountingSink();
            double[] ms = new double[every];
            for (int i = 1; i <= n; i++) {
                long t0 = System.nanoTime();
                engine.admit(EngineBench.job("s" + i, BenchModels.UNET, 1, GuidanceMethod.CLASSIFIER, 10, 1));
                while (!engine.idle()) engine.tick(sink);
                ms[(i - 1) % every] = (System.nanoTime() - t0) / 1e6;
                if (i % every == 0) {
                    last = Checkpoint.take(i);
                    if (baseline == null && i >= baselineAt) baseline = last;
                    last.print(PerfSupport.median(ms), sink.failed);
                }
            }
            if (sink.done + sink.failed != n) throw new IllegalStateException("jobs lost: " + sink.done + " done, "
                    + sink.failed + " failed of " + n);
        }
        verdict(baseline, last);
    }

    private static void verdict(Checkpoint baseline, Checkpoint last) {
        int arrays = last.arrays - baseline.arrays;
        double heap = last.heapMiB - baseline.heapMiB;
        double rss = last.rssMiB - baseline.rssMiB;
        System.out.printf(Locale.ROOT, "# growth from generation %d to %d: %+d live arrays, %+.1f MiB heap, %+.1f MiB"
                + " non-heap, %+.1f MiB RSS (%+.1f %%)%n", baseline.generation, last.generation, arrays, heap,
                last.nonHeapMiB - baseline.nonHeapMiB, rss, 100 * rss / baseline.rssMiB);
        boolean flat = arrays <= ARRAY_GROWTH_LIMIT && heap < HEAP_GROWTH_LIMIT_MIB
                && rss < RSS_GROWTH_LIMIT * baseline.rssMiB;
        System.out.printf(Locale.ROOT, "# verdict: %s (flat = no live-array growth, heap growth < %.0f MiB and RSS"
                + " growth < %.0f %%)%n", flat ? "flat" : "growing", HEAP_GROWTH_LIMIT_MIB, 100 * RSS_GROWTH_LIMIT);
    }

    private record Checkpoint(int generation, int arrays, double heapMiB, double nonHeapMiB, double rssMiB) {
        static Checkpoint take(int generation) {
            double heap = PerfSupport.heapAfterGcMiB();
            return new Checkpoint(generation, LiveArrays.count(), heap, PerfSupport.nonHeapMiB(),
                    PerfSupport.rssMiB());
        }

        void print(double msPerGeneration, long failed) {
            System.out.printf(Locale.ROOT, "%11d %12d %14.1f %13.1f %9.1f %14.1f %7d%n", generation, arrays,
                    heapMiB, nonHeapMiB, rssMiB, msPerGeneration, failed);
        }
    }

    /** Counts outcomes; frames are built by the engine (PNG included) and then dropped, as a sink may. */
    private static final class CountingSink implements FrameSink {
        long done;
        long failed;

        @Override
        public void frame(GenerateCommand job, StepFrame frame) {
        }

        @Override
        public void done(GenerateCommand job, JobEvent.Done d) {
            done++;
        }

        @Override
        public void failed(GenerateCommand job, JobEvent.Failed f) {
            failed++;
            System.err.println("generation " + job.jobId() + " failed: " + f.message());
        }
    }
}
