package io.guidestream.app;

import io.guidestream.bus.PublishMode;
import io.guidestream.data.FashionMnist;
import io.guidestream.data.ImageFolder;
import io.guidestream.data.LabelledImages;
import io.guidestream.json.Json;
import io.guidestream.registry.ImageFolderSource;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.trainer.ModelPublisher;
import io.guidestream.trainer.TrainingPlans;
import io.guidestream.training.ObjectiveKind;
import io.guidestream.training.Trainer;
import io.guidestream.training.TrainingListener;
import io.guidestream.training.TrainingProgress;
import io.guidestream.training.TrainingSpec;
import io.guidestream.util.SourceRevision;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code train <model> [steps] [--minutes M] [--batch B] [--runs DIR] [--models DIR] [--default [--allow-worse]]}:
 * trains one of the shipped models from the command line (no server needed), or with {@code --images DIR
 * [--objective eps|ce|ect|features]} a model named {@code <model>} on an image folder (one subfolder of PNGs per class;
 * {@code DIR/train} and {@code DIR/test} when it has both, the latter for the held-out figures), its network sized
 * from the data. It resumes from the run folder's checkpoint ({@code runs/<model>/}) when there is one, then publishes
 * to the same registry the service uses: as a new version, and with {@code --default} also as the default, as
 * {@code POST /api/train}'s {@code publish} does. {@code --minutes} gives the run a time budget, after which it
 * checkpoints and publishes what it has (the STF equal-time comparison in docs/EXPERIMENTS.md); {@code --batch}
 * overrides the preset's images per step.
 */
final class TrainCommand {
    private static final String USAGE = "usage: train <preset> [steps] [--minutes M] [--batch B] [--runs DIR]"
            + " [--models DIR] [--default [--allow-worse]]\n"
            + "       train <name> [steps] --images DIR [--objective eps|ce|ect|features] [options as above]\n"
            + "  DIR holds one subfolder of PNGs per class (or train/ and test/ folders of those);\n"
            + "  resumes runs/<preset>/ if it holds a checkpoint; --minutes stops (and publishes) after M minutes of"
            + " this process's training;\n  --default also makes the new version the default, unless its held-out"
            + " figures are worse than the current default's (--allow-worse: even then)";

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

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return run(Invocation.of(args), out, err);
    }

    static int run(Invocation invocation, PrintStream out, PrintStream err) throws Exception {
        String[] args = invocation.args();
        if (args.length < 2 || args[1].startsWith("--")) {
            err.println(USAGE);
            return 2;
        }
        int steps = 4000;
        double minutes = 0;
        Path runs = Path.of(invocation.config().trainer().runsDir());
        Path models = invocation.config().registry().path();
        Path dataDir = invocation.config().data().path();
        PublishMode publish = PublishMode.VERSION;
        boolean allowWorse = false;
        Path images = null;
        ObjectiveKind objective = ObjectiveKind.EPS;
        int batch = 0;
        int i = 2;
        TrainingSpec spec;
        Dataset data;
        LabelledImages trainingSet;
        try {
            if (i < args.length && !args[i].startsWith("--")) steps = number("steps", args[i++]).intValue();
            for (; i < args.length; i++) {
                switch (args[i]) {
                    case "--default" -> publish = PublishMode.DEFAULT;
                    case "--allow-worse" -> allowWorse = true;
                    case "--minutes" -> minutes = number("--minutes", value(args, i++)).doubleValue();
                    case "--images" -> images = Path.of(value(args, i++));
                    case "--objective" -> objective = TrainingPlans.objective(value(args, i++));
                    case "--batch" -> batch = number("--batch", value(args, i++)).intValue();
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (!(minutes >= 0)) throw new IllegalArgumentException("--minutes must be >= 0, got " + minutes);
            if (allowWorse && publish != PublishMode.DEFAULT) {
                throw new IllegalArgumentException("--allow-worse needs --default");
            }
            if (images == null && objective != ObjectiveKind.EPS) {
                throw new IllegalArgumentException("--objective needs --images (a preset names its objective)");
            }
            if (images != null && !ModelRegistry.isValidName(args[1])) {
                throw new IllegalArgumentException("name must be a registry name, got '" + args[1] + "'");
            }
            spec = images == null ? preset(args[1], steps) : null;
            data = images == null ? Dataset.fashionMnist(dataDir) : Dataset.imageFolder(images);
            trainingSet = data.train().get();
            if (spec == null) spec = TrainingSpec.forImages(args[1], objective, trainingSet, steps);
            if (batch != 0) spec = spec.withBatch(batch);
        } catch (IllegalArgumentException e) {
            err.println("train: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        Path runDir = runs.resolve(spec.model());
        Files.createDirectories(runDir);
        Files.writeString(runDir.resolve("spec.json"), Json.write(spec));
        if (images != null) Files.writeString(runDir.resolve(Dataset.IMAGES_FILE), images.toAbsolutePath().toString());
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
            outcome = new Trainer(spec, trainingSet, runDir, listener)
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
        ModelRegistry.Publication p = new ModelPublisher(registry, data.test().get(), data.name(), data.source().get(),
                SourceRevision.get())
                .publish(spec, runDir, publish, allowWorse);
        out.println(PublishCommand.describe(p));
        return 0;
    }

    /** The value after option {@code args[i]}. */
    static String value(String[] args, int i) {
        if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value");
        return args[i + 1];
    }

    private static Number number(String what, String text) {
        try {
            return what.equals("steps") || what.equals("--batch") ? Integer.valueOf(text) : Double.valueOf(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number, got '" + text + "'");
        }
    }

    /**
     * What a run trains on: its training images, its held-out images (null when there are none), each loaded when
     * asked for, the name its card records, and for an image folder the folder and its reference split (the held-out
     * images, else the training images), which the card records too so that evaluation reads them again.
     */
    record Dataset(Supplier<LabelledImages> train, Supplier<@Nullable LabelledImages> test, String name,
            Supplier<@Nullable ImageFolderSource> source) {
        /** In the run folder of a run on an image folder: that folder's path, so that {@code publish} finds it. */
        static final String IMAGES_FILE = "images-folder.txt";

        /** The data of the run in {@code runDir}: its image folder, or Fashion-MNIST. */
        static Dataset of(Path runDir, Path dataDir) throws java.io.IOException {
            Path images = runDir.resolve(IMAGES_FILE);
            return Files.exists(images) ? imageFolder(Path.of(Files.readString(images).strip()))
                    : fashionMnist(dataDir);
        }

        /** Fashion-MNIST in {@code dataDir} ({@code data.dir}). */
        static Dataset fashionMnist(Path dataDir) {
            return new Dataset(() -> FashionMnist.load(dataDir, FashionMnist.Split.TRAIN),
                    () -> FashionMnist.load(dataDir, FashionMnist.Split.TEST), "fashion-mnist", () -> null);
        }

        /** {@code dir/train} and {@code dir/test} when {@code dir} has both, else {@code dir} without held-out images. */
        static Dataset imageFolder(Path dir) {
            boolean split = Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"));
            LabelledImages train = ImageFolder.load(split ? dir.resolve("train") : dir);
            LabelledImages[] held = new LabelledImages[1]; // loaded once, for the held-out figures and the card
            Supplier<@Nullable LabelledImages> test = () -> {
                if (split && held[0] == null) held[0] = heldOut(dir.resolve("test"), train);
                return held[0];
            };
            Supplier<@Nullable ImageFolderSource> source = () -> {
                LabelledImages reference = split ? test.get() : train;
                return new ImageFolderSource(dir.toAbsolutePath().normalize().toString(),
                        split ? ImageFolderSource.HELD_OUT : ImageFolderSource.WHOLE, reference.fingerprint(),
                        reference.size());
            };
            return new Dataset(() -> train, test, ImageFolderSource.datasetName(dir), source);
        }

        private static LabelledImages heldOut(Path dir, LabelledImages train) {
            LabelledImages test = ImageFolder.load(dir);
            if (test.channels() != train.channels() || test.rows() != train.rows()
                    || test.numClasses() != train.numClasses()) {
                throw new IllegalArgumentException(dir + " holds " + test.numClasses() + " classes of "
                        + test.channels() + "×" + test.rows() + "×" + test.cols() + " images; train/ holds "
                        + train.numClasses() + " of " + train.channels() + "×" + train.rows() + "×" + train.cols());
            }
            return test;
        }
    }
}
