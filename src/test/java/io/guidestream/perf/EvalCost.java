package io.guidestream.perf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guidestream.bus.EvalCommand;
import io.guidestream.config.DataConfig;
import io.guidestream.data.FashionMnist;
import io.guidestream.evaluator.EvalResult;
import io.guidestream.evaluator.EvaluationRun;
import io.guidestream.http.EvalRequest;
import io.guidestream.http.GenerateRequest;
import io.guidestream.json.Json;
import io.guidestream.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the second feature space costs an evaluation (issue 21: "the evaluation's cost stays within 1.5× of today's per
 * sample"): the same evaluation of the shipped {@code fashion-cond} with classifier guidance, measured with the
 * default second space ({@code fashion-ae}) and without it ({@code secondFeatures: none}, the evaluation as it was
 * before the second space), alternating, seconds per sample as medians. Unlike the other benchmarks it needs the
 * shipped models (the real feature networks, and their cached reference statistics) and writes nothing: results are
 * not stored.
 */
final class EvalCost {
    private EvalCost() {
    }

    static void run(String[] args) throws Exception {
        int n = PerfSupport.intArg(args, 0, 500, 16, 10_000, "n");
        int rounds = PerfSupport.intArg(args, 1, 3, 1, 100, "rounds");
        Path models = Path.of(System.getProperty("bench.models", "models"));
        PerfSupport.header("evaluation cost per sample with and without the second feature space (fashion-cond, "
                + "classifier s = 2, DDIM 25, n = " + n + ", median of " + rounds + " alternating rounds)");
        ModelRegistry registry = new ModelRegistry(models);
        EvaluationRun evaluation = new EvaluationRun(registry,
                () -> FashionMnist.load(Path.of(DataConfig.DEFAULT_DIR), FashionMnist.Split.TEST));
        time(evaluation, command(16, "fashion-ae")); // warm-up: loads every network and the reference statistics
        String[] spaces = {"none", "fashion-ae"};
        double[][] perSample = new double[spaces.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int s = 0; s < spaces.length; s++) perSample[s][r] = time(evaluation, command(n, spaces[s])) / n;
        }
        double without = PerfSupport.median(perSample[0]);
        System.out.printf(Locale.ROOT, "%-34s %12s %10s%n", "second feature space", "ms/sample", "× without");
        for (int s = 0; s < spaces.length; s++) {
            double median = PerfSupport.median(perSample[s]);
            System.out.printf(Locale.ROOT, "%-34s %12.2f %10.3f%n",
                    spaces[s].equals("none") ? "none (features v4 only)" : spaces[s], 1000 * median, median / without);
        }
    }

    private static EvalCommand command(int n, String second) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("model", "fashion-cond").put("n", n).put("seed", 0)
                .put("secondFeatures", second);
        body.putObject("sampler").put("kind", "ddim").put("steps", 25);
        body.putObject("guidance").put("method", "classifier").put("scale", 2.0);
        return EvalRequest.parse(body, "e-bench", new GenerateRequest.Limits(1000, 64));
    }

    /** Seconds one evaluation takes, from the command to the metrics. */
    private static double time(EvaluationRun evaluation, EvalCommand command) throws Exception {
        long start = System.nanoTime();
        EvalResult result = evaluation.run(command, (phase, done, total, rate, eta) -> { }, () -> false);
        if (!Double.isFinite(result.metrics().fid())) throw new IllegalStateException("no FID: " + result.summary());
        return (System.nanoTime() - start) / 1e9;
    }
}
