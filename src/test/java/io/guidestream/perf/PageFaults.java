package io.guidestream.perf;

import io.guidestream.bus.GenerateCommand.TelemetrySettings;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.sampling.ModelStore;
import io.guidestream.sampling.SamplingEngine;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the kernel does for a sampler step ({@code perf/bench page-faults [ticks]}): minor page faults, kernel and user
 * CPU time, and wall time per unguided DDIM tick of the shipped U-Net (no telemetry) at batch 1, 4, 16 and 64, one
 * fresh engine per batch, in the order given. The counts do not depend on the machine's load; they depend on what the
 * process allocated before (docs/ARCHITECTURE.md, "Native memory"): {@code -Dguidestream.nativeHeap=default} leaves
 * glibc's thresholds alone, and {@code -Dbench.padChannels=false} skips the convolution check every benchmark (like
 * every command of the service) otherwise runs first.
 */
final class PageFaults {
    private static final int[] BATCHES = {1, 4, 16, 64};

    private PageFaults() {
    }

    static void run(String[] args) throws Exception {
        int ticks = PerfSupport.intArg(args, 0, 10, 1, 10_000, "ticks");
        PerfSupport.header("page faults and CPU time per sampler tick (" + PeerBench.UNET + ", unguided DDIM, no "
                + "telemetry; " + ticks + " ticks after 3; PyTorch threads "
                + System.getProperty("ai.djl.pytorch.num_threads", "default") + ")");
        System.out.printf(Locale.ROOT, "%6s %14s %12s %12s %12s%n", "batch", "faults/tick", "sys ms/tick",
                "user ms/tick", "wall ms/tick");
        try (ModelStore store = new ModelStore(new ModelRegistry(Path.of("models")))) {
            for (int batch : BATCHES) {
                try (SamplingEngine engine = EngineBench.engine(store, 1024, "bench", true)) {
                    engine.admit(EngineBench.job("faults", PeerBench.UNET, batch, GuidanceMethod.NONE, 1000, 0,
                            TelemetrySettings.NEVER));
                    EngineBench.msPerTick(engine, 3, 1);
                    long[] before = cpuTicks();
                    long t0 = System.nanoTime();
                    EngineBench.Timing timing = EngineBench.time(engine, 0, ticks);
                    double wall = (System.nanoTime() - t0) / 1e6 / ticks;
                    long[] after = cpuTicks();
                    // /proc counts CPU time in clock ticks of 10 ms (USER_HZ 100 on Linux).
                    System.out.printf(Locale.ROOT, "%6d %14.0f %12.1f %12.1f %12.1f%n", batch, timing.faults(),
                            (after[1] - before[1]) * 10.0 / ticks, (after[0] - before[0]) * 10.0 / ticks, wall);
                }
            }
        }
    }

    /** This process's user and kernel CPU time so far, in clock ticks (fields 14 and 15 of /proc/self/stat). */
    private static long[] cpuTicks() throws java.io.IOException {
        String[] f = PerfSupport.procStat();
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }
}
