package io.guidestream.perf;

import io.guidestream.nn.NativeHeap;

/** {@code perf/bench <name>}: runs one benchmark and prints its table (see perf/README.md). */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        NativeHeap.configure(); // as app.Main sets it for the service
        String name = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : java.util.Arrays.copyOfRange(args, 1, args.length);
        if (!name.equals("peer-export")) PerfSupport.padChannelsAsTheServiceWould();
        switch (name) {
            case "step-latency" -> StepLatency.run();
            case "guidance" -> GuidanceCost.run();
            case "telemetry" -> TelemetryCost.run(rest);
            case "batching" -> Batching.run(rest);
            case "training" -> TrainingThroughput.run();
            case "streaming" -> StreamingOverhead.run(rest);
            case "ws-load" -> WsLoad.run(rest);
            case "cluster-load" -> ClusterLoad.run(rest);
            case "soak" -> Soak.run(rest);
            case "peer" -> PeerBench.run(rest);
            case "lanes" -> Lanes.run(rest);
            case "op-profile" -> OpProfile.run(rest);
            case "page-faults" -> PageFaults.run(rest);
            case "peer-export" -> PeerBench.export(rest);
            case "eval-cost" -> EvalCost.run(rest);
            default -> {
                System.err.println("usage: perf/bench step-latency | guidance | telemetry [ticks] [repetitions]"
                        + " | batching [profile [seconds] [jobs] [images]] | training"
                        + " | streaming [steps] [repetitions] | ws-load [clients] [seconds]"
                        + " | cluster-load [clients] [seconds] [rounds] | soak [generations]"
                        + " | peer [ticks] [rounds] | peer-export DIR | eval-cost [n] [rounds] | lanes [ticks]"
                        + " | op-profile [batch] [ticks] | page-faults [ticks]");
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
