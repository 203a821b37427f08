package io.guidestream.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.guidestream.diffusion.ForwardProcess;
import io.guidestream.diffusion.NoiseSchedule;

/**
 * DDPM's simple loss (Ho et al. 2020, eq. 14): L = mean_flat ‖ε − ε_θ(x_t, t, y)‖², t ~ U{0..T−1}.
 * With {@code labelDropout > 0} a conditional model also sees the null class, so it can sample unconditionally.
 */
public final class EpsilonObjective implements Objective {
    private final NoiseSchedule schedule;
    private final int nullClass;
    private final double labelDropout;

    /**
     * @param nullClass    the label meaning "no class", or −1 for an unconditional network (labels not passed)
     * @param labelDropout probability of replacing a label by the null class
     */
    public EpsilonObjective(NoiseSchedule schedule, int nullClass, double labelDropout) {
        this.schedule = schedule;
        this.nullClass = nullClass;
        this.labelDropout = labelDropout;
    }

    @Override
    public NDArray loss(Block net, ParameterStore ps, TrainingBatch batch) {
        int[] t = batch.uniformTimesteps(schedule.length());
        NDArray eps = batch.gaussianLike(batch.x0());
        NDArray xt = ForwardProcess.qSample(schedule, batch.x0(), t, eps);
        NDList inputs = new NDList(xt, batch.manager().create(t));
        if (nullClass >= 0) inputs.add(labels(batch));
        NDArray predicted = net.forward(ps, inputs, true).singletonOrThrow();
        return predicted.sub(eps).square().mean();
    }

    private NDArray labels(TrainingBatch batch) {
        int[] y = batch.labelsWithDropout(nullClass, labelDropout);
        return batch.manager().create(y).toType(DataType.INT32, false);
    }
}
