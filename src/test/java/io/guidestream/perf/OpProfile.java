package io.guidestream.perf;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.bus.GenerateCommand.TelemetrySettings;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.json.Json;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.sampling.ModelStore;
import io.guidestream.sampling.SamplingEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a sampler step's native time goes (issue 24, item 4): {@code perf/bench op-profile [BATCH] [TICKS]} runs
 * unguided DDIM ticks of the shipped U-Net without telemetry under PyTorch's profiler and prints, per tick, the number
 * of top-level aten calls (each one JNI crossing or more) and their time, by operator. The counts are exact on any
 * machine; the times are the profiler's, so compare them with each other, not with other tables.
 */
final class OpProfile {
    private OpProfile() {
    }

    static void run(String[] args) throws Exception {
        int batch = PerfSupport.intArg(args, 0, 4, 1, 256, "batch");
        int ticks = PerfSupport.intArg(args, 1, 5, 1, 1000, "ticks");
        Path trace = Files.createTempFile("guidestream-ops", ".json");
        try (ModelStore store = new ModelStore(new ModelRegistry(Path.of("models")));
                // No lanes: the profiler records the calling thread's operators, so the whole batch runs here.
                SamplingEngine engine = new SamplingEngine(store, 1024, "bench")) {
            engine.admit(EngineBench.job("ops", PeerBench.UNET, batch, GuidanceMethod.NONE, 1000, 0,
                    TelemetrySettings.NEVER));
            EngineBench.msPerTick(engine, 3, 1);
            JniUtils.startProfile(false, false, false);
            long t0 = System.nanoTime();
            for (int i = 0; i < ticks; i++) engine.tick(EngineBench.DISCARD);
            double wallMs = (System.nanoTime() - t0) / 1e6 / ticks;
            JniUtils.stopProfile(trace.toString());
            print(Json.MAPPER.readTree(trace.toFile()), batch, ticks, wallMs);
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    private static void print(JsonNode root, int batch, int ticks, double wallMs) {
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        // Top-level calls only: an event inside another event of the same thread is that event's own work.
        Map<String, double[]> byOp = new HashMap<>();
        Map<String, Double> endOf = new HashMap<>();
        long calls = 0;
        double total = 0;
        List<JsonNode> sorted = new ArrayList<>();
        events.forEach(e -> {
            if ("X".equals(e.path("ph").asText())) sorted.add(e);
        });
        sorted.sort(Comparator.comparingDouble(e -> e.path("ts").asDouble()));
        for (JsonNode e : sorted) {
            String thread = e.path("tid").asText();
            double ts = e.path("ts").asDouble();
            double dur = e.path("dur").asDouble();
            Double end = endOf.get(thread);
            if (end != null && ts < end) continue;
            endOf.put(thread, ts + dur);
            double[] agg = byOp.computeIfAbsent(e.path("name").asText(), k -> new double[2]);
            agg[0]++;
            agg[1] += dur;
            calls++;
            total += dur;
        }
        PerfSupport.header("native calls per sampler tick (" + PeerBench.UNET + ", batch " + batch
                + ", unguided DDIM, no telemetry; " + ticks + " profiled ticks)");
        System.out.printf(Locale.ROOT, "# %.1f ms per tick under the profiler; %.0f top-level aten calls per tick, "
                + "%.1f ms of them (the rest: Java, JNI and the profiler)%n", wallMs, (double) calls / ticks,
                total / 1000 / ticks);
        System.out.printf(Locale.ROOT, "%-36s %10s %12s %10s%n", "operator", "calls/tick", "ms/tick", "µs/call");
        byOp.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1])).limit(25)
                .forEach(en -> System.out.printf(Locale.ROOT, "%-36s %10.1f %12.2f %10.1f%n", en.getKey(),
                        en.getValue()[0] / ticks, en.getValue()[1] / 1000 / ticks,
                        en.getValue()[1] / en.getValue()[0]));
    }
}
