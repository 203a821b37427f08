package io.guidestream.sampling;

import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GenerateCommand.GuidanceSettings;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.bus.SamplerKind;
import io.guidestream.diffusion.BlurSchedule;
import io.guidestream.diffusion.NoiseSchedule;
import io.guidestream.diffusion.RespacedSchedule;
import io.guidestream.diffusion.Respacing;
import io.guidestream.diffusion.VarianceKind;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRole;
import io.guidestream.sampling.guidance.ClassifierTerm;
import io.guidestream.sampling.guidance.ConstantScale;
import io.guidestream.sampling.guidance.EntropyScale;
import io.guidestream.sampling.guidance.Guidance;
import io.guidestream.sampling.guidance.GuidanceTerm;
import io.guidestream.sampling.guidance.TailTerm;
import io.guidestream.sampling.guidance.X0Guidance;
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
        boolean blurModel = model.role() == ModelRole.BLUR;
        if (s.kind().forBlurModels() != blurModel) {
            throw new SamplingException(ErrorCode.BAD_REQUEST, "sampler.kind " + s.kind().wireName() + " needs "
                    + (blurModel ? "an ε model; " + model.name() + " is a blur model (use momentum or naive)"
                            : "a blur model; " + model.name() + " is an ε model"));
        }
        if (blurModel) {
            // A blur model's diffusionSteps is its number of levels K; its card names the path.
            BlurSchedule blur = BlurSchedule.of(model.blurPathOrDefault(), model.diffusionSteps(),
                    model.network().imageSize());
            return BlurSampler.of(s.kind(), blur, s.steps());
        }
        NoiseSchedule base = NoiseSchedule.of(model.schedule(), model.diffusionSteps());
        // DDIM takes ADM's stride spacing (see Respacing.strided); ancestral sampling spans the whole chain.
        int[] kept = s.kind() == io.guidestream.bus.SamplerKind.DDIM
                ? Respacing.strided(model.diffusionSteps(), s.steps())
                : Respacing.evenly(model.diffusionSteps(), s.steps());
        RespacedSchedule chain = Respacing.respace(base, kept);
        return s.kind() == SamplerKind.DDPM ? new DdpmSampler(chain, VarianceKind.FIXED_LARGE)
                : new DdimSampler(chain, s.eta());
    }

    /** The composition of terms for a method (see {@link Guidance}). */
    public static Guidance guidance(GuidanceSettings g) {
        List<GuidanceTerm> terms = new ArrayList<>();
        switch (g.method()) {
            case NONE -> { }
            case CLASSIFIER -> terms.add(new ClassifierTerm(new ConstantScale(g.scale())));
            case ENTROPY -> terms.add(new ClassifierTerm(new EntropyScale(g.scale(), g.entropyFloor())));
            case TAIL -> {
                terms.add(new ClassifierTerm(new ConstantScale(g.scale())));
                terms.add(new TailTerm(g.tailScale(), g.tailTau(), g.tailTMin()));
            }
        }
        return new Guidance(terms, new X0Guidance(g.method() == GuidanceMethod.TAIL ? g.x0Lambda() : 0));
    }

    /** Blur models sample unguided: their samplers have no guidance hook (Soft Diffusion defines none). */
    public static void requireGuidanceSupported(GenerateCommand cmd, ModelCard model) {
        if (model.role() == ModelRole.BLUR && cmd.guidance().method() != GuidanceMethod.NONE) {
            throw new SamplingException(ErrorCode.BAD_REQUEST, "guidance.method " + cmd.guidance().method()
                    .wireName() + " needs an ε model; " + model.name() + " is a blur model (use none)");
        }
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
