package io.guidestream.perf;

/** {@code perf/bench <name>}: runs one benchmark and prints its table (see perf/README.md). */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        String name = args.length == 0 ? "" : args[0];
        switch (name) {
            case "step-latency" -> StepLatency.run();
            case "guidance" -> GuidanceCost.run();
            case "batching" -> Batching.run();
            case "training" -> TrainingThroughput.run();
            default -> {
                System.err.println("usage: perf/bench step-latency | guidance | batching | training");
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
