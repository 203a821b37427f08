package io.guidestream.registry;

import io.guidestream.TestModels;
import io.guidestream.diffusion.BetaSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Child process for {@link RegistryCrashTest}: publishes versions of a model with a large parameter file forever. */
public final class PublishLoop {
    private PublishLoop() {
    }

    public static void main(String[] args) throws Exception {
        ModelRegistry registry = new ModelRegistry(Path.of(args[0]));
        Path params = Path.of(args[1]);
        ModelCard card = new ModelCard("crashy", 0, ModelRole.CLASSIFIER, TestModels.tinyClassifier(),
                BetaSchedule.COSINE, 1000, 10, "test", null, 0, Map.of(), null, "test", ModelRegistry.now(), "crash", null);
        while (true) {
            registry.publish(card, Map.of(ModelVersion.PARAMS, params), true);
            System.out.println("published");
            Files.size(params);
        }
    }
}
