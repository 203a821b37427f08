package io.guidestream.training;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.guidestream.data.LabelledImages;
import io.guidestream.diffusion.BetaSchedule;
import io.guidestream.diffusion.BlurPath;
import io.guidestream.nn.AutoencoderConfig;
import io.guidestream.nn.BlockConfig;
import io.guidestream.nn.ClassifierConfig;
import io.guidestream.nn.UNetConfig;
import org.jspecify.annotations.Nullable;

/**
 * Everything that defines a training run; saved with checkpoints and copied into the published model card.
 *
 * @param model           registry name to publish under
 * @param objective       what the network learns
 * @param network         architecture (a U-Net for denoisers, a classifier otherwise)
 * @param schedule        β schedule of the diffusion the model belongs to
 * @param diffusionSteps  T, training timesteps
 * @param steps           optimizer steps
 * @param batch           images per step
 * @param learningRate    peak learning rate
 * @param warmupSteps     linear warm-up from 0 (stabilises Adam's early, badly estimated moments)
 * @param annealLr        decay linearly to 0 after warm-up (ADM's classifier recipe), else constant
 * @param weightDecay     decoupled weight decay
 * @param emaDecay        EMA decay of the shipped weights
 * @param seed            run seed: batches, timesteps and noise of step k depend only on (seed, k)
 * @param checkpointEvery steps between checkpoints
 * @param logEvery        steps between loss-log rows
 * @param labelDropout    probability of the null label for conditional denoisers
 * @param ectGamma        ED-DPM entropy-constraint weight γ (ECT only)
 * @param stfReference    STF reference batch size n ≥ batch (STF only; 0 otherwise). Absent in spec files written
 *                        before STF existed, where it reads as 0.
 * @param blurPath        the corruption path of a SOFT run; null otherwise. Absent in spec files written before
 *                        paths were recorded, which describe {@link BlurPath.Kind#SMALL_NOISE}.
 */
public record TrainingSpec(String model, ObjectiveKind objective, BlockConfig network, BetaSchedule schedule,
        int diffusionSteps, int steps, int batch, double learningRate, int warmupSteps, boolean annealLr,
        double weightDecay, double emaDecay, long seed, int checkpointEvery, int logEvery, double labelDropout,
        double ectGamma, @JsonSetter(nulls = Nulls.AS_EMPTY) int stfReference, @Nullable BlurPath blurPath) {

    public static final int MAX_BATCH = 1024;
    public static final int MAX_STF_REFERENCE = 16_384;
    /** STF's reference batch in the presets: the README checkpoints' 1024 (ALGORITHMS.md M4 (d)). */
    public static final int DEFAULT_STF_REFERENCE = 1024;
    public static final int MAX_STEPS = 10_000_000;

    public TrainingSpec {
        require(model != null && model.matches("[a-z0-9][a-z0-9-]{0,63}"), "model",
                "a lowercase name of letters, digits and '-' (1..64)", model);
        require(objective != null, "objective", "one of " + java.util.Arrays.toString(ObjectiveKind.values()),
                objective);
        require(network != null, "network", "an architecture", network);
        require(objective.network().isInstance(network), "network", "a " + objective.network().getSimpleName()
                + " for objective " + objective, network);
        require(diffusionSteps >= 1 && diffusionSteps <= 4000, "diffusionSteps", "1..4000", diffusionSteps);
        require(steps >= 1 && steps <= MAX_STEPS, "steps", "1.." + MAX_STEPS, steps);
        require(batch >= 1 && batch <= MAX_BATCH, "batch", "1.." + MAX_BATCH, batch);
        require(learningRate > 0 && learningRate <= 1, "learningRate", "(0, 1]", learningRate);
        require(warmupSteps >= 0, "warmupSteps", ">= 0", warmupSteps);
        require(weightDecay >= 0 && weightDecay < 1, "weightDecay", "[0, 1)", weightDecay);
        require(emaDecay >= 0 && emaDecay < 1, "emaDecay", "[0, 1)", emaDecay);
        require(checkpointEvery >= 1, "checkpointEvery", ">= 1", checkpointEvery);
        require(logEvery >= 1, "logEvery", ">= 1", logEvery);
        require(labelDropout >= 0 && labelDropout < 1, "labelDropout", "[0, 1)", labelDropout);
        require(ectGamma >= 0 && ectGamma <= 10, "ectGamma", "[0, 10]", ectGamma);
        if (objective == ObjectiveKind.STF) {
            require(stfReference >= batch && stfReference <= MAX_STF_REFERENCE, "stfReference",
                    "batch.." + MAX_STF_REFERENCE + " for objective STF", stfReference);
        } else {
            require(stfReference == 0, "stfReference", "0 unless the objective is STF", stfReference);
        }
        require(blurPath == null || objective == ObjectiveKind.SOFT, "blurPath", "absent unless the objective is SOFT",
                blurPath);
    }

    /** A spec without a blur path (the fields as they were before blur paths were recorded). */
    public TrainingSpec(String model, ObjectiveKind objective, BlockConfig network, BetaSchedule schedule,
            int diffusionSteps, int steps, int batch, double learningRate, int warmupSteps, boolean annealLr,
            double weightDecay, double emaDecay, long seed, int checkpointEvery, int logEvery, double labelDropout,
            double ectGamma, int stfReference) {
        this(model, objective, network, schedule, diffusionSteps, steps, batch, learningRate, warmupSteps, annealLr,
                weightDecay, emaDecay, seed, checkpointEvery, logEvery, labelDropout, ectGamma, stfReference, null);
    }

    /** A spec without STF references (the fields as they were before STF). */
    public TrainingSpec(String model, ObjectiveKind objective, BlockConfig network, BetaSchedule schedule,
            int diffusionSteps, int steps, int batch, double learningRate, int warmupSteps, boolean annealLr,
            double weightDecay, double emaDecay, long seed, int checkpointEvery, int logEvery, double labelDropout,
            double ectGamma) {
        this(model, objective, network, schedule, diffusionSteps, steps, batch, learningRate, warmupSteps, annealLr,
                weightDecay, emaDecay, seed, checkpointEvery, logEvery, labelDropout, ectGamma, 0, null);
    }

    private static void require(boolean ok, String field, String allowed, Object got) {
        if (!ok) throw new IllegalArgumentException(field + " must be " + allowed + ", got " + got);
    }

    /** The learning rate at 0-based step {@code k}. */
    public double learningRateAt(long k) {
        if (k < warmupSteps) return learningRate * (k + 1) / warmupSteps;
        if (!annealLr) return learningRate;
        double frac = (double) (k - warmupSteps) / Math.max(1, steps - warmupSteps);
        return learningRate * Math.max(0, 1 - frac);
    }

    /** Defaults for a Fashion-MNIST denoiser ({@code classes} = 0 for unconditional). */
    public static TrainingSpec denoiser(String model, int classes, int steps) {
        return new TrainingSpec(model, ObjectiveKind.EPS, UNetConfig.fashion(classes), BetaSchedule.COSINE, 1000,
                steps, 128, 5e-4, 200, false, 0, 0.999, 1, 250, 50, 0, 0);
    }

    /**
     * Defaults for a Fashion-MNIST blur diffusion (SOFT): K = 1000 levels of the variance-preserving blur path
     * ({@link BlurPath#variancePreserving}), otherwise the ε denoiser's recipe.
     */
    public static TrainingSpec soft(String model, int classes, int steps) {
        UNetConfig net = UNetConfig.fashion(classes);
        return new TrainingSpec(model, ObjectiveKind.SOFT, net, BetaSchedule.COSINE, 1000, steps, 128, 5e-4, 200,
                false, 0, 0.999, 1, 250, 50, 0, 0, 0, BlurPath.variancePreserving(net.imageSize()));
    }

    /** The blur path of a SOFT run ({@link BlurPath.Kind#SMALL_NOISE} for specs written before paths were recorded). */
    public BlurPath blurPathOrDefault() {
        return BlurPath.orSmallNoise(blurPath, network.imageSize());
    }

    /** The ε denoiser's recipe with STF targets over {@link #DEFAULT_STF_REFERENCE} references. */
    public static TrainingSpec stf(String model, int classes, int steps) {
        return new TrainingSpec(model, ObjectiveKind.STF, UNetConfig.fashion(classes), BetaSchedule.COSINE, 1000,
                steps, 128, 5e-4, 200, false, 0, 0.999, 1, 250, 50, 0, 0, DEFAULT_STF_REFERENCE);
    }

    /** The seed of the guidance classifiers (CE and ECT), which share initial weights and minibatch order. */
    public static final long GUIDANCE_CLASSIFIER_SEED = 2;
    /**
     * The seed of the evaluation features network: independent of {@link #GUIDANCE_CLASSIFIER_SEED}, so that the net
     * that scores samples does not start from the same weights, nor see the same batches, as the nets that guide them
     * (gradients that fool one can fool a sibling; issue 21). Versions up to 3 were trained with seed 2.
     */
    public static final long FEATURES_SEED = 7919;
    /** The autoencoder's seed, independent of both. */
    public static final long AUTOENCODER_SEED = 104729;

    /** Defaults for a Fashion-MNIST classifier trained with {@code objective}. */
    public static TrainingSpec classifier(String model, ObjectiveKind objective, int steps) {
        double gamma = objective == ObjectiveKind.ECT ? 0.1 : 0;
        long seed = objective == ObjectiveKind.FEATURES ? FEATURES_SEED : GUIDANCE_CLASSIFIER_SEED;
        return new TrainingSpec(model, objective, ClassifierConfig.fashion(), BetaSchedule.COSINE, 1000, steps, 128,
                3e-4, 100, true, 0.05, 0.999, seed, 250, 50, 0, gamma);
    }

    /** Defaults for the autoencoder of the second evaluation feature space (its own seed, like the features net). */
    public static TrainingSpec autoencoder(String model, int steps) {
        return new TrainingSpec(model, ObjectiveKind.AUTOENCODER, AutoencoderConfig.fashion(), BetaSchedule.COSINE,
                1000, steps, 128, 1e-3, 100, true, 0, 0.999, AUTOENCODER_SEED, 250, 50, 0, 0);
    }

    /**
     * A spec for training on {@code data} (an image folder): the recipe of the Fashion-MNIST preset of
     * {@code objective} with the network sized from the data (its channels, size and classes).
     *
     * @throws IllegalArgumentException for an objective that has no such recipe, or a size the networks cannot take
     */
    public static TrainingSpec forImages(String model, ObjectiveKind objective, LabelledImages data, int steps) {
        int c = data.channels();
        int size = data.rows();
        TrainingSpec preset = switch (objective) {
            case EPS -> denoiser(model, data.numClasses(), steps);
            case CE, ECT, FEATURES -> classifier(model, objective, steps);
            default -> throw new IllegalArgumentException("objective " + objective + " cannot train from an image folder;"
                    + " use eps, ce, ect or features");
        };
        BlockConfig net = objective == ObjectiveKind.EPS ? UNetConfig.forImages(c, size, data.numClasses())
                : ClassifierConfig.forImages(c, size, data.numClasses());
        return preset.withNetwork(net);
    }

    private TrainingSpec withNetwork(BlockConfig newNetwork) {
        return new TrainingSpec(model, objective, newNetwork, schedule, diffusionSteps, steps, batch, learningRate,
                warmupSteps, annealLr, weightDecay, emaDecay, seed, checkpointEvery, logEvery, labelDropout, ectGamma,
                stfReference, blurPath);
    }

    public TrainingSpec withBatch(int newBatch) {
        return new TrainingSpec(model, objective, network, schedule, diffusionSteps, steps, newBatch, learningRate,
                warmupSteps, annealLr, weightDecay, emaDecay, seed, checkpointEvery, logEvery, labelDropout, ectGamma,
                stfReference, blurPath);
    }

    public TrainingSpec withSteps(int newSteps) {
        return new TrainingSpec(model, objective, network, schedule, diffusionSteps, newSteps, batch, learningRate,
                warmupSteps, annealLr, weightDecay, emaDecay, seed, checkpointEvery, logEvery, labelDropout, ectGamma,
                stfReference, blurPath);
    }
}
