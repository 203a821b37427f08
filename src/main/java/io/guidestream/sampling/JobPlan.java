package io.guidestream.sampling;

import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GenerateCommand.GuidanceSettings;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.diffusion.NoiseSchedule;
import io.guidestream.diffusion.RespacedSchedule;
import io.guidestream.diffusion.Respacing;
import io.guidestream.diffusion.VarianceKind;
import io.guidestream.registry.ModelCard;
import io.guidestream.sampling.guidance.ClassifierTerm;
import io.guidestream.sampling.guidance.ConstantScale;
import io.guidestream.sampling.guidance.EntropyScale;
import io.guidestream.sampling.guidance.Guidance;
import io.guidestream.sampling.guidance.GuidanceTerm;
import io.guidestream.sampling.guidance.Space;
import io.guidestream.sampling.guidance.TailTerm;
import io.guidestream.sampling.guidance.X0Pull;
import java.util.ArrayList;
import java.util.List;

/** Turns a request's sampler and guidance settings into a {@link Sampler} and a {@link Guidance}. */
public final class JobPlan {
    private JobPlan() {
    }

    public static Sampler sampler(GenerateCommand.SamplerSettings s, ModelCard model) {
        if (s.steps() < 1 || s.steps() > model.diffusionSteps()) {
            throw new SamplingException(ErrorCode.BAD_REQUEST, "sampler.steps must be 1.." + model.diffusionSteps()
                    + " for model " + model.name() + ", got " + s.steps());
        }
        NoiseSchedule base = NoiseSchedule.of(model.schedule(), model.diffusionSteps());
        RespacedSchedule chain = Respacing.respace(base, Respacing.evenly(model.diffusionSteps(), s.steps()));
        return switch (s.kind()) {
            case DDPM -> new DdpmSampler(chain, VarianceKind.FIXED_LARGE);
            case DDIM -> new DdimSampler(chain, s.eta());
            case MOMENTUM, NAIVE -> throw new SamplingException(ErrorCode.BAD_REQUEST, "sampler.kind "
                    + s.kind().wireName() + " needs a blur model; " + model.name() + " is an ε model");
        };
    }

    /** The composition of terms for a method (see {@link Guidance}). */
    public static Guidance guidance(GuidanceSettings g) {
        List<GuidanceTerm> terms = new ArrayList<>();
        switch (g.method()) {
            case NONE -> { }
            case CLASSIFIER -> terms.add(new ClassifierTerm(new ConstantScale(g.scale()), Space.SCORE));
            case ENTROPY -> terms.add(new ClassifierTerm(new EntropyScale(g.scale(), g.entropyFloor()), Space.SCORE));
            case TAIL -> {
                terms.add(new ClassifierTerm(new ConstantScale(g.scale()), Space.X));
                terms.add(new TailTerm(g.tailScale(), g.tailTau(), g.tailTMin()));
                terms.add(new X0Pull(g.x0Lambda()));
            }
        }
        return new Guidance(terms);
    }

    /** Guidance methods other than none steer toward a label, so every item needs one. */
    public static void requireLabels(GenerateCommand cmd) {
        if (cmd.guidance().method() == GuidanceMethod.NONE) return;
        for (int y : cmd.labels()) {
            if (y < 0) {
                throw new SamplingException(ErrorCode.BAD_REQUEST, "guidance.method " + cmd.guidance().method()
                        .wireName() + " needs a label for every item");
            }
        }
    }
}
