package io.guidestream.trainer;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.guidestream.data.LabelledImages;
import io.guidestream.diffusion.NoiseSchedule;
import io.guidestream.nn.ClassifierConfig;
import io.guidestream.nn.UNetConfig;
import io.guidestream.training.ClassifierAccuracy;
import io.guidestream.training.HeldOutLoss;
import io.guidestream.training.ObjectiveKind;
import io.guidestream.training.ReconstructionError;
import io.guidestream.training.TrainingSpec;
import io.guidestream.util.FailureReason;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The held-out figures a published card carries, measured on the test split with fixed noise (seed 7), so that the
 * same weights give the same figures again: for classifiers the test accuracy on clean images and at several noise
 * levels ({@code testAccuracyClean}, {@code testAccuracyT<t>}; clean only for a features network), for ε and STF
 * models the plain DSM loss on the first {@link #IMAGES} test images ({@code testDsmLossT<t>}), for an autoencoder the
 * reconstruction error ({@code testReconstructionMse}). Blur models have none (their yardstick is the evaluation).
 * {@link ModelPublisher} writes them into the card; the quality profile measures them again on the shipped weights.
 */
public final class HeldOutFigures {
    static final int IMAGES = 1000;
    static final int[] TIMESTEPS = {150, 300, 450, 600, 750};
    private static final int[] CLASSIFIER_TIMESTEPS = {0, 250, 500, 750};
    private static final long NOISE_SEED = 7;

    private HeldOutFigures() {
    }

    /** The figures of the network {@code spec} describes, with the weights in {@code params}, on {@code testSet}. */
    public static Map<String, Double> measure(TrainingSpec spec, Path params, LabelledImages testSet)
            throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        withWeights(spec, params, block -> {
            if (spec.network() instanceof ClassifierConfig) {
                NoiseSchedule schedule = NoiseSchedule.of(spec.schedule(), spec.diffusionSteps());
                out.put("testAccuracyClean", ClassifierAccuracy.measure(block, schedule, testSet, -1, NOISE_SEED));
                if (spec.objective() != ObjectiveKind.FEATURES) {
                    for (int t : CLASSIFIER_TIMESTEPS) {
                        out.put("testAccuracyT" + t,
                                ClassifierAccuracy.measure(block, schedule, testSet, t, NOISE_SEED));
                    }
                }
            }
            if (spec.objective() == ObjectiveKind.AUTOENCODER) {
                out.put("testReconstructionMse", ReconstructionError.measure(block, testSet));
            }
            if (spec.objective() == ObjectiveKind.EPS || spec.objective() == ObjectiveKind.STF) {
                NoiseSchedule schedule = NoiseSchedule.of(spec.schedule(), spec.diffusionSteps());
                LabelledImages heldOut = testSet.head(IMAGES);
                boolean conditional = ((UNetConfig) spec.network()).conditional();
                for (int t : TIMESTEPS) {
                    if (t < spec.diffusionSteps()) {
                        out.put("testDsmLossT" + t,
                                HeldOutLoss.measure(block, schedule, heldOut, t, conditional, NOISE_SEED));
                    }
                }
            }
        });
        return out;
    }

    private static void withWeights(TrainingSpec spec, Path params, Consumer<Block> use) throws IOException {
        try (NDManager m = NDManager.newBaseManager();
             DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(params)))) {
            Block block = spec.network().newBlock();
            block.loadParameters(m, in);
            use.accept(block);
        } catch (MalformedModelException e) {
            throw new IOException("cannot read the weights " + params + ": " + FailureReason.of(e), e);
        }
    }
}
