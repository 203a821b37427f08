package io.guidestream.training;

import io.guidestream.diffusion.NoiseSchedule;
import io.guidestream.nn.UNetConfig;

/** Builds the objective a spec names. */
public final class Objectives {
    private Objectives() {
    }

    public static Objective create(TrainingSpec spec, NoiseSchedule schedule) {
        return switch (spec.objective()) {
            case EPS -> {
                UNetConfig u = (UNetConfig) spec.network();
                yield new EpsilonObjective(schedule, u.conditional() ? u.nullClass() : -1, spec.labelDropout());
            }
            case CE -> new ClassifierObjective(schedule, 0, true);
            case ECT -> new ClassifierObjective(schedule, spec.ectGamma(), true);
            case FEATURES -> new ClassifierObjective(schedule, 0, false);
        };
    }
}
