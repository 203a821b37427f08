package io.guidestream;

import io.guidestream.bus.PublishMode;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.torchscript.ImportCard;
import io.guidestream.torchscript.ModelImport;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The TorchScript files committed under {@code src/test/torchscript/} (made by its {@code export_models.py}), the cards
 * that import them, and a registry holding the two shapes32 models.
 */
public final class TorchScriptModels {
    public static final Path DIR = Path.of("src/test/torchscript");
    /** The class-conditional 3×32×32 ε-network (guided-diffusion conventions, learned variance). */
    public static final String EPS = "shapes32";
    /** Its noise-aware classifier. */
    public static final String CLASSIFIER = "shapes32-clf";

    private TorchScriptModels() {
    }

    public static Path file(String name) {
        return DIR.resolve(name);
    }

    /** The card of {@code shapes32-eps.pt}, with {@code extra} JSON members (", \"key\": value, …") appended. */
    public static String epsCard(String extra) {
        return """
                {"role": "EPSILON", "imageChannels": 3, "imageSize": 32, "numClasses": 10, "outputChannels": 6,
                 "schedule": "COSINE", "diffusionSteps": 1000, "dataset": "shapes32"%s}""".formatted(extra);
    }

    /** The card of {@code shapes32-clf.pt}. */
    public static String classifierCard(String extra) {
        return """
                {"role": "CLASSIFIER", "imageChannels": 3, "imageSize": 32, "numClasses": 10,
                 "schedule": "COSINE", "diffusionSteps": 1000%s}""".formatted(extra);
    }

    /** A card for the 3×8×8 test networks. */
    public static String card8(String role, int classes, String extra) {
        return """
                {"role": "%s", "imageChannels": 3, "imageSize": 8, "numClasses": %d,
                 "schedule": "COSINE", "diffusionSteps": 1000%s}""".formatted(role, classes, extra);
    }

    /** Creates {@code dir} as a registry holding {@value #CLASSIFIER} and {@value #EPS} (which names it). */
    public static ModelRegistry registry(Path dir) throws IOException {
        ModelRegistry registry = new ModelRegistry(dir);
        ModelImport imports = new ModelImport(registry);
        imports.run(CLASSIFIER, file("shapes32-clf.pt"), ImportCard.parse(classifierCard("")), PublishMode.DEFAULT);
        imports.run(EPS, file("shapes32-eps.pt"), ImportCard.parse(epsCard(", \"classifier\": \"" + CLASSIFIER
                + "\"")), PublishMode.DEFAULT);
        return registry;
    }
}
