package io.guidestream.training;

import io.guidestream.data.LabelledImages;
import io.guidestream.diffusion.BlurSchedule;
import io.guidestream.diffusion.NoiseSchedule;
import io.guidestream.nn.UNetConfig;
import org.jspecify.annotations.Nullable;

/** Builds the objective a spec names. */
public final class Objectives {
    private Objectives() {
    }

    /** For objectives that need nothing but the batch (all but {@link ObjectiveKind#STF}). */
    public static Objective create(TrainingSpec spec, NoiseSchedule schedule) {
        return create(spec, schedule, null);
    }

    /** @param data the training set, for objectives that draw more than the minibatch (STF's references) */
    public static Objective create(TrainingSpec spec, NoiseSchedule schedule, @Nullable LabelledImages data) {
        return switch (spec.objective()) {
            case EPS -> new EpsilonObjective(schedule, nullClass(spec), spec.labelDropout());
            case CE -> new ClassifierObjective(schedule, 0, true);
            case ECT -> new ClassifierObjective(schedule, spec.ectGamma(), true);
            case FEATURES -> new ClassifierObjective(schedule, 0, false);
            case AUTOENCODER -> new ReconstructionObjective();
            case SOFT -> new SoftScoreObjective(BlurSchedule.of(spec.blurPathOrDefault(), spec.diffusionSteps(),
                    spec.network().imageSize()), spec.blurPathOrDefault().minSnrGamma(), nullClass(spec),
                    spec.labelDropout());
            case STF -> {
                if (data == null) throw new IllegalArgumentException("objective STF needs the training data");
                yield new StfObjective(schedule, nullClass(spec), spec.labelDropout(), spec.stfReference(),
                        ReferenceSampler.uniform(data), new StableTargets(StableTargets.DEFAULT_CHUNK));
            }
        };
    }

    /** The null label of a conditional U-Net, or −1 (labels not passed) for an unconditional one. */
    private static int nullClass(TrainingSpec spec) {
        UNetConfig u = (UNetConfig) spec.network();
        return u.conditional() ? u.nullClass() : -1;
    }
}
