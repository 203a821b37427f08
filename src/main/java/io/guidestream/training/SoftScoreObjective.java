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
 * <p>Weight [RECON]: w(k) = (1/s_k²) / W̄ with W̄ = mean_k 1/s_k² over the K levels, so E_k[w] = 1 and the loss
 * has the scale of a plain per-pixel MSE (1/s² alone spans 10²..10⁴ at the default noise range). 1/s_k² is the
 * reimplementation's choice and equals DSM on the score (C_k h − x_k)/s_k² weighted by s_k² (ALGORITHMS.md M5).
 * With C ≡ I this is weighted x0-prediction DSM. Labels and label dropout work as in {@link EpsilonObjective}.
 */
public final class SoftScoreObjective implements Objective {
    private final BlurSchedule blur;
    private final int nullClass;
    private final double labelDropout;
    private final double[] weights;

    /**
     * @param nullClass    the label meaning "no class", or −1 for an unconditional network (labels not passed)
     * @param labelDropout probability of replacing a label by the null class
     */
    public SoftScoreObjective(BlurSchedule blur, int nullClass, double labelDropout) {
        this.blur = blur;
        this.nullClass = nullClass;
        this.labelDropout = labelDropout;
        int levels = blur.levels();
        double mean = 0;
        for (int k = 0; k < levels; k++) mean += 1 / (blur.noise(k) * blur.noise(k)) / levels;
        weights = new double[levels];
        for (int k = 0; k < levels; k++) weights[k] = 1 / (blur.noise(k) * blur.noise(k)) / mean;
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
