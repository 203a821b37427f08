package io.guidestream.bus;

import java.util.List;

/**
 * One denoising step of one job: the classifier's view of every item, the guidance applied, and the preview images
 * (PNG bytes). Arrays are per item.
 *
 * @param jobId    the job
 * @param step     1-based step number
 * @param of       total steps
 * @param t        the training timestep τ the model saw at this step
 * @param entropy  classifier entropy H(p(·|x_t)) in nats
 * @param scale    effective class-guidance scale (0 when unguided)
 * @param probs    class probabilities p(c | x_t)
 * @param gradNorm ‖∇_x log p(y | x_t)‖ (unscaled)
 * @param active   names of the guidance terms applied to each item at this step
 * @param ms       wall time of the tick that produced this step
 * @param images   previews
 */
public record StepFrame(String jobId, int step, int of, int t, double[] entropy, double[] scale, double[][] probs,
        double[] gradNorm, List<List<String>> active, double ms, List<Preview> images) {

    public StepFrame {
        active = List.copyOf(active);
        images = List.copyOf(images);
    }

    /** A PNG of item {@code index}, of kind {@code kind}. */
    public record Preview(PreviewKind kind, int index, byte[] png) {
    }
}
