package io.guidestream.perf;

import ai.djl.engine.Engine;
import io.guidestream.bus.GenerateCommand.TelemetrySettings;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.sampling.ModelStore;
import io.guidestream.sampling.SamplingEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The service's sampler step against a peer (issue 24): the shipped U-Net and classifier with their shipped weights in
 * Python PyTorch eager ({@code perf/peer/peer.py}, run as a child process), timed side by side at batch 1, 4, 16, 64,
 * (a) U-Net forward only (the service: telemetry off, so no classifier) and (b) with the classifier's forward and
 * input gradient (telemetry every step). Rounds alternate: each configuration is measured in the service and then in
 * the peer, so that changes in the machine's load hit both alike; both run on the same number of PyTorch threads.
 * The service is timed twice per configuration: as it runs ({@code sampler.laneItems}'s default, off since 2026-12-08)
 * and with the other lane setting (lanes for 2..8 items when the default is off), so that the lanes' gain is read from
 * the same run. Both sides also count their process's minor page
 * faults per step (the kernel handing memory to the allocator again), a figure the machine's load does not move.
 */
final class PeerBench {
    static final String UNET = "fashion-cond";
    static final String CLASSIFIER = "fashion-clf";
    private static final int[] BATCHES = {1, 4, 16, 64};
    private static final String[] MODES = {"forward", "gradient"};
    /** The lanes timed beside the service's own setting when that setting is off ({@code sampler.laneItems} 8). */
    private static final int LANES = 8;

    private PeerBench() {
    }

    /** Threads both sides use: {@code ai.djl.pytorch.num_threads} if set, else the cores, set before DJL starts. */
    static int threads() {
        int threads = Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        return threads;
    }

    static void run(String[] args) throws Exception {
        int ticks = PerfSupport.intArg(args, 0, 10, 1, 10_000, "ticks");
        int rounds = PerfSupport.intArg(args, 1, 3, 1, 100, "rounds");
        int threads = threads();
        String python = System.getenv().getOrDefault("PEER_PYTHON", "/usr/bin/python3");
        Path dir = Files.createTempDirectory("guidestream-peer");
        try (ModelStore store = new ModelStore(new ModelRegistry(Path.of("models")))) {
            PeerExport.export(store, UNET, CLASSIFIER, dir);
            Process peer = new ProcessBuilder(python, "perf/peer/peer.py", dir.toString(), Integer.toString(threads))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(peer.getInputStream(),
                    StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(peer.getOutputStream(), true,
                    StandardCharsets.UTF_8)) {
                PerfSupport.header("service step vs Python PyTorch eager peer (" + UNET + " + " + CLASSIFIER
                        + ", shipped weights; DDIM; " + ticks + " timed ticks after 3, median of " + rounds
                        + " alternating rounds; PyTorch threads " + threads + " each)");
                System.out.printf(Locale.ROOT, "# service: DJL %s, PyTorch %s, threads %d%n", Engine.getDjlVersion(),
                        Engine.getEngine("PyTorch").getVersion(), threads);
                String line;
                // The peer's first lines (its versions, the parity) go under the header.
                while ((line = in.readLine()) != null && !line.equals("ready")) System.out.println(line);
                if (line == null) throw new IllegalStateException("the peer exited before it was ready: " + python);
                double[][][] java = new double[MODES.length][BATCHES.length][rounds];
                double[][][] whole = new double[MODES.length][BATCHES.length][rounds];
                double[][][] py = new double[MODES.length][BATCHES.length][rounds];
                double[][][] javaFaults = new double[MODES.length][BATCHES.length][rounds];
                double[][][] pyFaults = new double[MODES.length][BATCHES.length][rounds];
                for (int r = 0; r < rounds; r++) {
                    for (int m = 0; m < MODES.length; m++) {
                        for (int b = 0; b < BATCHES.length; b++) {
                            EngineBench.Timing lanes = service(store, MODES[m], BATCHES[b], ticks,
                                    EngineBench.LANE_ITEMS);
                            java[m][b][r] = lanes.ms();
                            javaFaults[m][b][r] = lanes.faults();
                            whole[m][b][r] = service(store, MODES[m], BATCHES[b], ticks,
                                    EngineBench.LANE_ITEMS == 0 ? LANES : 0).ms();
                            out.println(MODES[m] + " " + BATCHES[b] + " 3 " + ticks);
                            String reply = in.readLine();
                            if (reply == null) throw new IllegalStateException("the peer exited mid-run");
                            String[] words = reply.trim().split(" ");
                            py[m][b][r] = Double.parseDouble(words[0]);
                            pyFaults[m][b][r] = Double.parseDouble(words[1]);
                        }
                    }
                }
                // Page faults per step: the kernel's work of handing memory back and forth, whatever the load.
                String other = EngineBench.LANE_ITEMS == 0 ? "lanes" : "no lanes";
                System.out.printf(Locale.ROOT, "%-9s %6s %14s %14s %12s %14s %12s %13s %13s%n", "step", "batch",
                        "java ms/step", "python ms/step", "java/python", other + " ms", other + "/py", "java faults",
                        "python faults");
                for (int m = 0; m < MODES.length; m++) {
                    for (int b = 0; b < BATCHES.length; b++) {
                        double j = PerfSupport.median(java[m][b]);
                        double w = PerfSupport.median(whole[m][b]);
                        double p = PerfSupport.median(py[m][b]);
                        System.out.printf(Locale.ROOT, "%-9s %6d %14.1f %14.1f %11.2f× %14.1f %11.2f× %13.0f %13.0f%n",
                                MODES[m], BATCHES[b], j, p, j / p, w, w / p, PerfSupport.median(javaFaults[m][b]),
                                PerfSupport.median(pyFaults[m][b]));
                    }
                }
                out.println("quit");
            }
            peer.waitFor();
        } finally {
            for (String f : new String[] {"unet", "classifier", "reference"}) {
                Files.deleteIfExists(dir.resolve(f + ".json"));
                Files.deleteIfExists(dir.resolve(f + ".bin"));
            }
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Median ms per tick (and page faults per tick) of one unguided DDIM job of {@code batch} images, reading the
     * classifier or not, with the sampler's lanes up to {@code laneItems} items (0: none).
     */
    private static EngineBench.Timing service(ModelStore store, String mode, int batch, int ticks, int laneItems) {
        TelemetrySettings telemetry = mode.equals("gradient") ? TelemetrySettings.EVERY_STEP : TelemetrySettings.NEVER;
        try (SamplingEngine engine = new SamplingEngine(store, 1024, "bench", true, laneItems)) {
            engine.admit(EngineBench.job("peer", UNET, batch, GuidanceMethod.NONE, 1000, 0, telemetry));
            return EngineBench.time(engine, 3, ticks);
        }
    }

    /** {@code perf/bench peer-export DIR}: only the export, for working on the peer. */
    static void export(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: peer-export DIR");
        Path dir = Files.createDirectories(Path.of(args[0]));
        try (ModelStore store = new ModelStore(new ModelRegistry(Path.of("models")))) {
            PeerExport.export(store, UNET, CLASSIFIER, dir);
        }
    }
}
