package io.guidestream.trainer;

import io.guidestream.bus.TrainCommand;
import io.guidestream.nn.ClassifierConfig;
import io.guidestream.nn.BlockConfig;
import io.guidestream.nn.UNetConfig;
import io.guidestream.training.ObjectiveKind;
import io.guidestream.training.TrainingSpec;
import java.util.Locale;

/** Maps a training request onto a full {@link TrainingSpec}: the preset's architecture plus the defaults. */
public final class TrainingPlans {
    private TrainingPlans() {
    }

    public static BlockConfig architecture(String preset) {
        return switch (preset) {
            case "unet-cond" -> UNetConfig.fashion(10);
            case "unet-uncond" -> UNetConfig.fashion(0);
            case "classifier" -> ClassifierConfig.fashion();
            default -> throw new IllegalArgumentException("preset must be one of unet-cond, unet-uncond, classifier; got '"
                    + preset + "'");
        };
    }

    public static ObjectiveKind objective(String name) {
        for (ObjectiveKind k : ObjectiveKind.values()) {
            if (k.name().equalsIgnoreCase(name)) return k;
        }
        throw new IllegalArgumentException("objective must be one of " + names() + "; got '" + name + "'");
    }

    static String names() {
        StringBuilder sb = new StringBuilder();
        for (ObjectiveKind k : ObjectiveKind.values()) {
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(k.name().toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }

    /** @throws IllegalArgumentException naming the field when the request does not fit together */
    public static TrainingSpec toSpec(TrainCommand c) {
        ObjectiveKind objective = objective(c.objective());
        BlockConfig net = architecture(c.preset());
        if (objective.denoiser() != (net instanceof UNetConfig)) {
            throw new IllegalArgumentException("objective " + c.objective() + " needs preset "
                    + (objective.denoiser() ? "unet-cond or unet-uncond" : "classifier") + ", got " + c.preset());
        }
        TrainingSpec base = objective.denoiser()
                ? TrainingSpec.denoiser(c.model(), ((UNetConfig) net).numClasses(), c.steps())
                : TrainingSpec.classifier(c.model(), objective, c.steps());
        return new TrainingSpec(c.model(), objective, net, base.schedule(), base.diffusionSteps(), c.steps(),
                c.batch(), c.learningRate(), Math.min(base.warmupSteps(), Math.max(1, c.steps() / 10)),
                base.annealLr(), base.weightDecay(), base.emaDecay(), c.seed(), c.checkpointEvery(),
                Math.max(1, Math.min(base.logEvery(), c.steps() / 20)), base.labelDropout(), base.ectGamma());
    }
}
