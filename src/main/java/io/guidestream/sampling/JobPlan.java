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
import io.guidestream.nn.NetworkConfig;
import io.guidestream.nn.TorchScriptConfig;
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
        EpsilonOutput output = EpsilonOutput.of(model.network());
        return s.kind() == SamplerKind.DDPM ? new DdpmSampler(chain, VarianceKind.FIXED_LARGE, output)
                : new DdimSampler(chain, s.eta(), output);
    }

    /**
     * A classifier guides and reports on the denoiser's own x_t: the same image shape and value range, and a noise
     * schedule of the same length (it reads the denoiser's timesteps).
     */
    public static void requireCompatibleClassifier(ModelCard model, ModelCard classifier) {
        NetworkConfig m = model.network();
        NetworkConfig c = classifier.network();
        String problem = !m.imageShape().equals(c.imageShape()) ? "reads " + c.imageShape() + " images"
                : m.valueRange() != c.valueRange() ? "reads images in " + c.valueRange().wire()
                : classifier.diffusionSteps() != model.diffusionSteps() ? "knows " + classifier.diffusionSteps()
                        + " timesteps" : null;
        if (problem != null) {
            throw new SamplingException(ErrorCode.BAD_REQUEST, "guidance.classifier '" + classifier.name() + "' "
                    + problem + ", but model " + model.name() + " makes " + m.imageShape() + " images in "
                    + m.valueRange().wire() + " over " + model.diffusionSteps() + " timesteps");
        }
    }

    /** An imported class-conditional network has no "no class" label: every item needs one. */
    public static void requireLabelsForModel(GenerateCommand cmd, ModelCard model) {
        if (!(model.network() instanceof TorchScriptConfig) || model.numClasses() == 0) return;
        for (int y : cmd.labels()) {
            if (y < 0) {
                throw new SamplingException(ErrorCode.BAD_REQUEST, "label -1 (no class) is not possible with model "
                        + model.name() + ": an imported class-conditional network needs a class 0.."
                        + (model.numClasses() - 1) + " for every item");
            }
        }
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
                terms.add(new TailTerm(g.tail().scale(), g.tail().tau(), g.tail().tMin()));
            }
        }
        return new Guidance(terms, new X0Guidance(g.method() == GuidanceMethod.TAIL ? g.x0().lambda() : 0));
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
