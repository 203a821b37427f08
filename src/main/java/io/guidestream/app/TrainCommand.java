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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code train <model> [steps]}: trains one of the shipped models from the command line (no server needed),
 * resuming from the run folder's checkpoint ({@code runs/<model>/}) when there is one, then publishes it to the
 * same registry the service uses.
 */
final class TrainCommand {
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
            default -> throw new IllegalArgumentException("unknown preset '" + name
                    + "'; one of fashion-cond, fashion-uncond, fashion-blur, fashion-stf, fashion-clf, fashion-clf-ect,"
                    + " fashion-features");
        };
    }

    static int run(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: train <preset> [steps] [--run-dir DIR]");
            return 2;
        }
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 4000;
        TrainingSpec spec = preset(args[1], steps);
        Path runDir = Path.of(System.getProperty("guidestream.runs", "runs")).resolve(spec.model());
        Files.createDirectories(runDir);
        Files.writeString(runDir.resolve("spec.json"), Json.write(spec));
        LabelledImages data = FashionMnist.load(dataDir(), FashionMnist.Split.TRAIN);
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onProgress(TrainingProgress p) {
                System.out.printf(Locale.ROOT, "step %d/%d loss %.5f %.1f img/s eta %.0fs%n", p.step(), p.steps(),
                        p.loss(), p.imagesPerSecond(), p.etaSeconds());
            }

            @Override
            public void onCheckpoint(long step) {
                System.out.println("checkpoint at step " + step);
            }
        };
        Trainer.Outcome outcome = new Trainer(spec, data, runDir, listener).run(() -> false);
        System.out.println("finished at step " + outcome.step() + ", weights in " + outcome.finalWeights());
        ModelRegistry registry = new ModelRegistry(Path.of(System.getProperty("guidestream.models", "models")));
        ModelVersion v = new ModelPublisher(registry, FashionMnist.load(dataDir(), FashionMnist.Split.TEST),
                SourceRevision.get()).publish(spec, runDir);
        System.out.println("published " + v.name() + " v" + v.version() + " " + v.card().metrics());
        return 0;
    }

    static Path dataDir() {
        String env = System.getenv("GUIDESTREAM_DATA");
        return env != null && !env.isBlank() ? Path.of(env) : FashionMnist.DEFAULT_DIR;
    }
}
