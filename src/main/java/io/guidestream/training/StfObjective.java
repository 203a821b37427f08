package io.guidestream.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.guidestream.diffusion.ForwardProcess;
import io.guidestream.diffusion.NoiseSchedule;
import org.jspecify.annotations.Nullable;

/**
 * DDPM ε-prediction with Stable Target Field targets (Xu, Tong, Jaakkola 2023; ALGORITHMS.md M4 (c), VP form
 * [RECON]): t ~ U{0..T−1}, x_t = √ᾱ x0 + √(1−ᾱ) ε, reference batch R = [minibatch; n − B images from the
 * {@link ReferenceSampler}] (the minibatch is R's prefix, as in the official training loop), target ε̃ from
 * {@link StableTargets}, loss = mean_flat ‖ε_θ(x_t, t, y) − ε̃‖². With B = n = 1 this is plain DSM (ε̃ = ε).
 *
 * <p>Conditional networks [RECON]: a sample that keeps its label gets the conditional target (references of its
 * class only); a sample whose label was dropped to the null class gets the unconditional one.
 */
public final class StfObjective implements Objective {
    private final NoiseSchedule schedule;
    private final int nullClass;
    private final double labelDropout;
    private final int referenceSize;
    private final ReferenceSampler references;
    private final StableTargets targets;

    /**
     * @param nullClass     the label meaning "no class", or −1 for an unconditional network (labels not passed)
     * @param referenceSize n, the reference batch size including the minibatch (n ≥ B)
     */
    public StfObjective(NoiseSchedule schedule, int nullClass, double labelDropout, int referenceSize,
            ReferenceSampler references, StableTargets targets) {
        if (referenceSize < 1) throw new IllegalArgumentException("referenceSize must be >= 1, got " + referenceSize);
        this.schedule = schedule;
        this.nullClass = nullClass;
        this.labelDropout = labelDropout;
        this.referenceSize = referenceSize;
        this.references = references;
        this.targets = targets;
    }

    @Override
    public NDArray loss(Block net, ParameterStore ps, TrainingBatch batch) {
        int b = batch.size();
        if (referenceSize < b) throw new IllegalArgumentException("referenceSize " + referenceSize + " < batch " + b);
        int[] t = batch.uniformTimesteps(schedule.length());
        NDArray x0 = batch.x0();
        NDArray xt = ForwardProcess.qSample(schedule, x0, t, batch.gaussianLike(x0));
        NDList inputs = new NDList(xt, batch.manager().create(t));
        int @Nullable [] y = nullClass >= 0 ? batch.labelsWithDropout(nullClass, labelDropout) : null;
        if (y != null) inputs.add(batch.manager().create(y).toType(DataType.INT32, false));
        NDArray eps = target(batch, xt, t, y);
        NDArray predicted = net.forward(ps, inputs, true).singletonOrThrow();
        return predicted.sub(eps).square().mean();
    }

    /** ε̃ for the batch: extra references drawn after the timesteps, noise and label dropout. */
    private NDArray target(TrainingBatch batch, NDArray xt, int[] t, int @Nullable [] y) {
        int b = batch.size();
        ReferenceSampler.References extra = referenceSize == b ? null
                : references.draw(batch.manager(), referenceSize - b, batch.rng());
        NDArray refs = extra == null ? batch.x0() : NDArrays.concat(new NDList(batch.x0(), extra.images()));
        double[] m = new double[b];
        double[] sigma = new double[b];
        for (int i = 0; i < b; i++) {
            m[i] = Math.sqrt(schedule.alphaBar(t[i]));
            sigma[i] = Math.sqrt(1 - schedule.alphaBar(t[i]));
        }
        if (y == null) return targets.compute(xt, m, sigma, refs, false).eps();
        int[] refLabels = new int[referenceSize];
        System.arraycopy(batch.labelValues(), 0, refLabels, 0, b);
        if (extra != null) System.arraycopy(extra.labels(), 0, refLabels, b, referenceSize - b);
        int[] query = new int[b];
        for (int i = 0; i < b; i++) query[i] = y[i] == nullClass ? StableTargets.ANY : y[i];
        return targets.compute(xt, m, sigma, refs, refLabels, query, false).eps();
    }
}
