package io.guidestream.app;

import io.guidestream.training.FashionMnist;
import io.guidestream.training.LabelledImages;
import io.guidestream.training.ObjectiveKind;
import io.guidestream.training.Trainer;
import io.guidestream.training.TrainingListener;
import io.guidestream.training.TrainingProgress;
import io.guidestream.training.TrainingSpec;
import io.guidestream.json.Json;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelVersion;
import io.guidestream.trainer.ModelPublisher;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code train <model> [steps] [--minutes M] [--runs DIR] [--models DIR]}: trains one of the shipped models from the
 * command line (no server needed), resuming from the run folder's checkpoint ({@code runs/<model>/}) when there is
 * one, then publishes it to the same registry the service uses. {@code --minutes} gives the run a time budget, after
 * which it checkpoints and publishes what it has (the STF equal-time comparison in docs/EXPERIMENTS.md).
 */
final class TrainCommand {
    private static final String USAGE = "usage: train <preset> [steps] [--minutes M] [--runs DIR] [--models DIR]\n"
            + "  resumes runs/<preset>/ if it holds a checkpoint; --minutes stops (and publishes) after M minutes of"
            + " this process's training";

    /** How long SIGTERM waits for the current step and its checkpoint (a blur step under load takes ~10 s). */
    private static final java.time.Duration SIGNAL_GRACE = java.time.Duration.ofSeconds(90);

    private TrainCommand() {
    }

    static TrainingSpec preset(String name, int steps) {
        return switch (name) {
            case "fashion-cond" -> TrainingSpec.denoiser(name, 10, steps);
            case "fashion-uncond" -> TrainingSpec.denoiser(name, 0, steps);
            case "fashion-blur" -> TrainingSpec.soft(name, 10, steps);
            case "fashion-stf" -> TrainingSpec.stf(name, 10, steps);
            case "fashion-clf" -> TrainingSpec.classifier(name, ObjectiveKind.CE, steps);
            case "fashion-clf-ect" -> TrainingSpec.classifier(name, ObjectiveKind.ECT, steps);
            case "fashion-features" -> TrainingSpec.classifier(name, ObjectiveKind.FEATURES, steps);
            case "fashion-ae" -> TrainingSpec.autoencoder(name, steps);
            default -> throw new IllegalArgumentException("unknown preset '" + name
                    + "'; one of fashion-cond, fashion-uncond, fashion-blur, fashion-stf, fashion-clf, fashion-clf-ect,"
                    + " fashion-features, fashion-ae");
        };
    }

    static int run(String[] args) throws Exception {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length < 2 || args[1].startsWith("--")) {
            err.println(USAGE);
            return 2;
        }
        int steps = 4000;
        double minutes = 0;
        Path runs = Path.of(System.getProperty("guidestream.runs", "runs"));
        Path models = Path.of(System.getProperty("guidestream.models", "models"));
        int i = 2;
        TrainingSpec spec;
        try {
            if (i < args.length && !args[i].startsWith("--")) steps = number("steps", args[i++]).intValue();
            for (; i < args.length; i += 2) {
                if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value");
                switch (args[i]) {
                    case "--minutes" -> minutes = number("--minutes", args[i + 1]).doubleValue();
                    case "--runs" -> runs = Path.of(args[i + 1]);
                    case "--models" -> models = Path.of(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (!(minutes >= 0)) throw new IllegalArgumentException("--minutes must be >= 0, got " + minutes);
            spec = preset(args[1], steps);
        } catch (IllegalArgumentException e) {
            err.println("train: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        Path runDir = runs.resolve(spec.model());
        Files.createDirectories(runDir);
        Files.writeString(runDir.resolve("spec.json"), Json.write(spec));
        LabelledImages data = FashionMnist.load(dataDir(), FashionMnist.Split.TRAIN);
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onProgress(TrainingProgress p) {
                out.printf(Locale.ROOT, "step %d/%d loss %.5f %.1f img/s eta %.0fs, %s%n", p.step(), p.steps(),
                        p.loss(), p.imagesPerSecond(), p.etaSeconds(), p.gradientSummary());
            }

            @Override
            public void onCheckpoint(long step) {
                out.println("checkpoint at step " + step);
            }
        };
        // A time budget (for equal-time comparisons) ends the run at a step boundary with a checkpoint, like a cancel;
        // so does SIGTERM or Ctrl-C, but then nothing is published: the next call resumes from the checkpoint.
        long deadline = minutes > 0 ? System.nanoTime() + (long) (minutes * 60e9) : Long.MAX_VALUE;
        long started = System.nanoTime();
        Trainer.Outcome outcome;
        try (SignalStop signal = SignalStop.install(SIGNAL_GRACE)) {
            outcome = new Trainer(spec, data, runDir, listener)
                    .run(() -> signal.getAsBoolean() || System.nanoTime() > deadline);
            if (signal.getAsBoolean()) {
                out.printf(Locale.ROOT, "stopped by a signal at step %d; checkpoint written, run again to resume%n",
                        outcome.step());
                return 130;
            }
        }
        out.printf(Locale.ROOT, "%s at step %d after %.0f s%n", outcome.completed() ? "finished"
                : "time budget spent", outcome.step(), (System.nanoTime() - started) / 1e9);
        ModelRegistry registry = new ModelRegistry(models);
        ModelVersion v = new ModelPublisher(registry, FashionMnist.load(dataDir(), FashionMnist.Split.TEST),
                SourceRevision.get()).publish(spec, runDir);
        out.println("published " + v.name() + " v" + v.version() + " " + v.card().metrics());
        return 0;
    }

    private static Number number(String what, String text) {
        try {
            return what.equals("steps") ? Integer.valueOf(text) : Double.valueOf(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number, got '" + text + "'");
        }
    }

    static Path dataDir() {
        String env = System.getenv("GUIDESTREAM_DATA");
        return env != null && !env.isBlank() ? Path.of(env) : FashionMnist.DEFAULT_DIR;
    }
}
