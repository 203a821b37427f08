package io.guidestream.app;

import io.guidestream.json.Json;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelVersion;
import io.guidestream.trainer.ModelPublisher;
import io.guidestream.training.FashionMnist;
import io.guidestream.training.TrainingSpec;
import java.nio.file.Path;

/** {@code publish <run>}: publishes {@code runs/<run>/} (final weights or latest checkpoint) as a new default. */
final class PublishCommand {
    private PublishCommand() {
    }

    static int run(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: publish <run>   (a folder under runs/ holding spec.json and a checkpoint)");
            return 2;
        }
        Path runDir = Path.of(System.getProperty("guidestream.runs", "runs")).resolve(args[1]);
        TrainingSpec spec = Json.read(runDir.resolve("spec.json"), TrainingSpec.class);
        ModelRegistry registry = new ModelRegistry(Path.of(System.getProperty("guidestream.models", "models")));
        ModelPublisher publisher = new ModelPublisher(registry,
                FashionMnist.load(TrainCommand.dataDir(), FashionMnist.Split.TEST), SourceRevision.get());
        ModelVersion v = publisher.publish(spec, runDir);
        System.out.println("published " + v.name() + " v" + v.version() + " " + v.card().metrics());
        return 0;
    }
}
