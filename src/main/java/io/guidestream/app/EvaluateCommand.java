package io.guidestream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guidestream.bus.EvalCommand;
import io.guidestream.config.LimitsConfig;
import io.guidestream.data.FashionMnist;
import io.guidestream.evaluator.EvalResult;
import io.guidestream.evaluator.EvaluationException;
import io.guidestream.evaluator.EvaluationRun;
import io.guidestream.evaluator.ResultStore;
import io.guidestream.http.BadRequestException;
import io.guidestream.http.EvalRequest;
import io.guidestream.http.GenerateRequest;
import io.guidestream.json.Json;
import io.guidestream.registry.ModelRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code eval <model> [--n N] [--seed S] [--batch B] [--labels 1,2,3] [--sampler ddim] [--steps 50] [--eta 0]
 * [--guidance classifier] [--scale 2.0] [--classifier NAME] [--entropy-floor H] [--tail-scale S] [--tau T]
 * [--t-min T] [--x0-lambda L] [--features NAME] [--second-features NAME|none] [--models DIR] [--data DIR]
 * [--reuse yes|no]}: one evaluation without the server. With {@code --reuse yes} a result this command already stored
 * for the same settings on the same model, feature-space and reference versions is printed instead of run again (how
 * {@code bin/experiments} resumes on a fresh checkout).
 * The flags become a {@code POST /api/eval} body and go through the same parser, so defaults, ranges and error
 * messages are the REST API's. The result is stored like the evaluator stores it; stdout gets one line (the model
 * version, the metrics as {@code MetricsReport.toString()}, the seconds taken and the result file), progress goes to
 * stderr.
 */
final class EvaluateCommand {
    /** Flag → path in the request body. */
    private static final Map<String, String> FLAGS = Map.ofEntries(Map.entry("--n", "n"),
            Map.entry("--seed", "seed"), Map.entry("--batch", "batch"), Map.entry("--features", "features"),
            Map.entry("--second-features", "secondFeatures"),
            Map.entry("--sampler", "sampler.kind"), Map.entry("--steps", "sampler.steps"),
            Map.entry("--eta", "sampler.eta"), Map.entry("--guidance", "guidance.method"),
            Map.entry("--scale", "guidance.scale"), Map.entry("--classifier", "guidance.classifier"),
            Map.entry("--entropy-floor", "guidance.entropyFloor"), Map.entry("--tail-scale", "guidance.tail.scale"),
            Map.entry("--tau", "guidance.tail.tau"), Map.entry("--t-min", "guidance.tail.tMin"),
            Map.entry("--x0-lambda", "guidance.x0.lambda"));
    private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;
    /** How long SIGTERM waits for the sampler's current tick to end (the evaluation is dropped, not stored). */
    private static final java.time.Duration SIGNAL_GRACE = java.time.Duration.ofSeconds(30);

    private EvaluateCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return run(Invocation.of(args), out, err);
    }

    static int run(Invocation invocation, PrintStream out, PrintStream err) throws Exception {
        String[] args = invocation.args();
        if (args.length < 2 || args[1].startsWith("--")) {
            err.println("usage: eval <model> [--n N] [--seed S] [--sampler ddim] [--steps 50] [--guidance classifier]"
                    + " [--scale 2.0] [--classifier NAME] [--features NAME] [--second-features NAME|none] [--labels 1,2]"
                    + " [--batch B] [--models DIR] [--reuse yes|no]"
                    + " [--data DIR]   (see docs/PROTOCOL.md, POST /api/eval, for every field)");
            return 2;
        }
        ObjectNode body = Json.MAPPER.createObjectNode().put("model", args[1]);
        EvalCommand cmd;
        boolean reuse = false;
        try {
            for (int i = 2; i < args.length; i += 2) {
                if (i + 1 >= args.length) throw new BadRequestException(args[i] + " needs a value");
                switch (args[i]) {
                    case "--labels" -> labels(body, args[i + 1]);
                    case "--reuse" -> reuse = yesNo("--reuse", args[i + 1]);
                    default -> put(body, args[i], args[i + 1]);
                }
            }
            LimitsConfig limits = invocation.config().limits();
            cmd = EvalRequest.parse(body, "e-cli-" + UUID.randomUUID(),
                    new GenerateRequest.Limits(limits.maxSteps(), limits.maxBatch()));
        } catch (BadRequestException e) {
            err.println("eval: " + e.getMessage());
            return 2;
        }
        return evaluate(cmd, reuse, new ModelRegistry(invocation.config().registry().path()),
                invocation.config().data().path(), out, err);
    }

    private static int evaluate(EvalCommand cmd, boolean reuse, ModelRegistry registry, Path data, PrintStream out,
            PrintStream err) throws Exception {
        long[] lastPrint = {System.nanoTime()};
        EvaluationRun.Listener progress = (phase, done, total, rate, eta) -> {
            if (!phase.equals("sampling") || System.nanoTime() - lastPrint[0] > PROGRESS_EVERY_NANOS) {
                lastPrint[0] = System.nanoTime();
                err.printf(Locale.ROOT, "%s %.0f/%d %.1f samples/s eta %.0f s%n", phase, done, total, rate, eta);
            }
        };
        try (SignalStop stop = SignalStop.install(SIGNAL_GRACE)) {
            EvaluationRun run = new EvaluationRun(registry, () -> FashionMnist.load(data, FashionMnist.Split.TEST));
            Optional<EvalResult> stored = reuse ? run.stored(cmd) : Optional.empty();
            if (stored.isPresent()) {
                EvalResult r = stored.get();
                Path file = registry.find(r.config().model(), r.config().modelVersion()).orElseThrow().dir()
                        .resolve(ResultStore.Origin.SHIPPED.resultPath(r.key()));
                err.println("eval: reusing the result stored " + r.created() + " (same settings, same versions)");
                print(r, file, out, err);
                return 0;
            }
            EvalResult r = run.run(cmd, progress, stop);
            print(r, ResultStore.store(registry, r, ResultStore.Origin.SHIPPED), out, err);
            return 0;
        } catch (java.util.concurrent.CancellationException e) {
            err.println("eval: stopped by a signal; nothing stored");
            return 130;
        } catch (EvaluationException e) {
            err.println("eval: " + e.code() + ": " + e.getMessage());
            return e.code() == io.guidestream.bus.ErrorCode.INTERNAL ? 1 : 2;
        }
    }

    /** The command's one line on stdout (the model version, the metrics, the seconds it took, the result file). */
    private static void print(EvalResult r, Path file, PrintStream out, PrintStream err) {
        String floor = Double.isNaN(r.entropyFloorRate()) ? ""
                : String.format(Locale.ROOT, " entropy floor %.1f%%", 100 * r.entropyFloorRate());
        out.printf(Locale.ROOT, "%s v%d %s%s %.1fs %s%n", r.config().model(), r.config().modelVersion(),
                r.summary(), floor, r.seconds(), file);
        if (r.dataNote() != null) err.println("eval: note: " + r.dataNote());
    }

    private static boolean yesNo(String flag, String value) {
        return switch (value) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new BadRequestException(flag + " takes yes or no, not '" + value + "'");
        };
    }

    private static void labels(ObjectNode body, String list) {
        var arr = body.putArray("labels");
        for (String s : list.split(",")) arr.add(value(s.trim()));
    }

    /** Puts a flag's value at its path, creating the sub-objects; an unknown flag is an error naming it. */
    private static void put(ObjectNode body, String flag, String value) {
        String path = FLAGS.get(flag);
        if (path == null) {
            throw new BadRequestException("unknown option " + flag + "; known: --labels, --models, --data, --reuse, "
                    + String.join(", ", new java.util.TreeSet<>(FLAGS.keySet())));
        }
        String[] parts = path.split("\\.");
        ObjectNode node = body;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], value(value));
    }

    /** A number when the text is one (so range errors read like the API's), else a string. */
    private static JsonNode value(String text) {
        try {
            return Json.MAPPER.getNodeFactory().numberNode(Long.parseLong(text));
        } catch (NumberFormatException notLong) {
            try {
                return Json.MAPPER.getNodeFactory().numberNode(Double.parseDouble(text));
            } catch (NumberFormatException notNumber) {
                return Json.MAPPER.getNodeFactory().textNode(text);
            }
        }
    }
}
