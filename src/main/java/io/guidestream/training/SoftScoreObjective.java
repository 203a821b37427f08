package io.guidestream.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.guidestream.diffusion.BlurSchedule;
import io.guidestream.diffusion.ForwardProcess;

/**
 * Soft Score Matching (Daras et al. 2022, §3, eq. 8; ALGORITHMS.md M5 (b), (c)): with a level k ~ U{0..K−1} per
 * sample and x_k = C_k x0 + s_k η, the network h_θ(x_k, k) predicts x0, and the loss is measured after
 * re-applying the corruption, L = mean_b w(k_b) · mean_flat((C_k (h_θ − x0))²), so the network only has to be right
 * where C_k has not destroyed information.
 *
 * <p>Weight [RECON]: w(k) = min(1/s_k², γ/a_k²) / W̄, with a_k the level's signal scale (C_k = a_k B_k) and W̄ the
 * mean over the K levels, so E_k[w] = 1 and the loss has the scale of a per-pixel MSE. Uncapped (γ = 0), 1/s_k² is
 * the reimplementation's choice and makes the loss DSM on the score (C_k h − x_k)/s_k² weighted by s_k²: the
 * ε-prediction loss. On the unblurred frequencies that is SNR_k · ‖h − x0‖², which spans 10⁻⁴…10⁴ on a
 * variance-preserving path, so that a few nearly clean levels dominate every batch; the cap makes it
 * min(SNR_k, γ) · ‖h − x0‖², min-SNR-γ weighting for x0-prediction (Hang et al., ICCV 2023, γ = 5), which trains
 * faster without changing what the network converges to. With C ≡ I this is weighted x0-prediction DSM. Labels and
 * label dropout work as in {@link EpsilonObjective}.
 */
public final class SoftScoreObjective implements Objective {
    private final BlurSchedule blur;
    private final int nullClass;
    private final double labelDropout;
    private final double[] weights;

    /**
     * @param minSnrGamma  the cap γ on the weight (0: uncapped 1/s²)
     * @param nullClass    the label meaning "no class", or −1 for an unconditional network (labels not passed)
     * @param labelDropout probability of replacing a label by the null class
     */
    public SoftScoreObjective(BlurSchedule blur, double minSnrGamma, int nullClass, double labelDropout) {
        this.blur = blur;
        this.nullClass = nullClass;
        this.labelDropout = labelDropout;
        int levels = blur.levels();
        double[] raw = new double[levels];
        double mean = 0;
        for (int k = 0; k < levels; k++) {
            double s2 = blur.noise(k) * blur.noise(k);
            double a2 = blur.signal(k) * blur.signal(k);
            raw[k] = minSnrGamma > 0 && a2 > 0 ? Math.min(1 / s2, minSnrGamma / a2) : 1 / s2;
            mean += raw[k] / levels;
        }
        weights = new double[levels];
        for (int k = 0; k < levels; k++) weights[k] = raw[k] / mean;
    }

    /** Uncapped 1/s² weights (the first design's). */
    public SoftScoreObjective(BlurSchedule blur, int nullClass, double labelDropout) {
        this(blur, 0, nullClass, labelDropout);
    }

    /** The normalised loss weight w(k). */
    public double weight(int level) {
        return weights[level];
    }

    @Override
    public NDArray loss(Block net, ParameterStore ps, TrainingBatch batch) {
        NDArray x0 = batch.x0();
        int[] levels = batch.uniformTimesteps(blur.levels());
        NDArray xt = blur.qSample(x0, levels, batch.gaussianLike(x0));
        NDList inputs = new NDList(xt, batch.manager().create(levels));
        if (nullClass >= 0) {
            int[] y = batch.labelsWithDropout(nullClass, labelDropout);
            inputs.add(batch.manager().create(y).toType(DataType.INT32, false));
        }
        NDArray predicted = net.forward(ps, inputs, true).singletonOrThrow();
        return loss(predicted, x0, levels);
    }

    /** mean_b w(k_b) · mean_flat((C_{k_b}(pred_b − x0_b))²): the loss for given predictions (differentiable). */
    public NDArray loss(NDArray predicted, NDArray x0, int[] levels) {
        int batch = levels.length;
        NDArray residual = blur.corrupt(predicted.sub(x0), levels);
        NDArray perSample = residual.square().reshape(batch, -1).mean(new int[] {1});
        double[] w = new double[batch];
        for (int b = 0; b < batch; b++) w[b] = weights[levels[b]];
        NDArray wb = ForwardProcess.perSample(x0.getManager(), w, perSample.getShape());
        return perSample.mul(wb).mean();
    }
}
