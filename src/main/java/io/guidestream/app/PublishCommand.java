package io.guidestream.app;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.guidestream.diffusion.NoiseSchedule;
import io.guidestream.json.Json;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
import io.guidestream.training.ClassifierAccuracy;
import io.guidestream.training.FashionMnist;
import io.guidestream.training.LabelledImages;
import io.guidestream.training.ObjectiveKind;
import io.guidestream.training.RunExport;
import io.guidestream.training.TrainingSpec;
import io.guidestream.nn.NetworkConfig;
import io.guidestream.nn.UNetConfig;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code publish <model>}: publishes the EMA weights of {@code runs/<model>/} (final, or the latest checkpoint) as a
 * new default version, with its card, loss log and, for classifiers, the test accuracy at several noise levels.
 */
final class PublishCommand {
    private PublishCommand() {
    }

    static int run(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: publish <model>");
            return 2;
        }
        Path runDir = Path.of(System.getProperty("guidestream.runs", "runs")).resolve(args[1]);
        TrainingSpec spec = Json.read(runDir.resolve("spec.json"), TrainingSpec.class);
        RunExport.Exported exported = RunExport.export(spec, runDir);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("trainedSteps", (double) exported.step());
        if (!spec.objective().denoiser()) measureAccuracy(spec, exported.params(), metrics);
        Path log = Files.writeString(runDir.resolve("publish-log.csv"), exported.lossLog());
        ModelRegistry registry = new ModelRegistry(Path.of(System.getProperty("guidestream.models", "models")));
        ModelVersion v = registry.publish(card(spec, metrics, exported.step()),
                Map.of(ModelVersion.PARAMS, exported.params(), ModelVersion.LOSS_LOG, log), true);
        System.out.println("published " + v.name() + " v" + v.version() + " at step " + exported.step() + " "
                + metrics);
        return 0;
    }

    static ModelCard card(TrainingSpec spec, Map<String, Double> metrics, long step) {
        NetworkConfig net = spec.network();
        ModelRole role = switch (spec.objective()) {
            case EPS, STF -> ModelRole.EPSILON;
            case SOFT -> ModelRole.BLUR;
            case CE, ECT -> ModelRole.CLASSIFIER;
            case FEATURES -> ModelRole.FEATURES;
        };
        int classes = net instanceof UNetConfig u ? u.numClasses() : ((io.guidestream.nn.ClassifierConfig) net)
                .numClasses();
        // A noise-aware classifier reads Gaussian noise levels, not blur levels: blur models get no default one.
        String classifier = spec.objective().denoiser() && role != ModelRole.BLUR ? "fashion-clf" : null;
        long params;
        try (NDManager m = NDManager.newBaseManager()) {
            params = NetworkConfig.parameterCount(net.create(m));
        }
        String description = switch (spec.objective()) {
            case EPS -> (classes > 0 ? "class-conditional" : "unconditional") + " ε-prediction U-Net, "
                    + step + " steps of batch " + spec.batch();
            case STF -> (classes > 0 ? "class-conditional" : "unconditional") + " ε-prediction U-Net trained on "
                    + "Stable Target Field targets (" + spec.stfReference() + " references), " + step
                    + " steps of batch " + spec.batch();
            case SOFT -> (classes > 0 ? "class-conditional" : "unconditional") + " blur diffusion (Soft Diffusion, "
                    + spec.diffusionSteps() + " levels), x0-prediction U-Net, " + step + " steps of batch "
                    + spec.batch();
            case CE -> "noise-aware classifier (cross-entropy on noised inputs)";
            case ECT -> "noise-aware classifier with ED-DPM's entropy constraint (γ = " + spec.ectGamma() + ")";
            case FEATURES -> "clean-image classifier; its penultimate layer is the evaluation feature space";
        };
        return new ModelCard(spec.model(), 0, role, net, spec.schedule(), spec.diffusionSteps(), classes,
                "fashion-mnist", spec, params, metrics, classifier, SourceRevision.get(), ModelRegistry.now(),
                description);
    }

    private static void measureAccuracy(TrainingSpec spec, Path params, Map<String, Double> metrics)
            throws IOException, MalformedModelException {
        LabelledImages test = FashionMnist.load(TrainCommand.dataDir(), FashionMnist.Split.TEST);
        NoiseSchedule schedule = NoiseSchedule.of(spec.schedule(), spec.diffusionSteps());
        try (NDManager m = NDManager.newBaseManager();
             DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(params)))) {
            Block block = spec.network().newBlock();
            block.loadParameters(m, in);
            metrics.put("testAccuracyClean", ClassifierAccuracy.measure(block, schedule, test, -1, 7));
            if (spec.objective() != ObjectiveKind.FEATURES) {
                for (int t : new int[] {0, 250, 500, 750}) {
                    metrics.put("testAccuracyT" + t, ClassifierAccuracy.measure(block, schedule, test, t, 7));
                }
            }
        }
    }
}
