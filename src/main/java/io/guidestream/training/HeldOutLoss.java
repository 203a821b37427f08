package io.guidestream.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.guidestream.data.LabelledImages;
import io.guidestream.diffusion.ForwardProcess;
import io.guidestream.diffusion.HostNoise;
import io.guidestream.diffusion.NoiseSchedule;
import java.util.SplittableRandom;

/**
 * The plain denoising score matching loss mean_flat ‖ε − ε_θ(x_t, t, y)‖² of an ε-network on held-out images, all
 * noised to one timestep t with noise from a fixed seed. It is the yardstick for comparing training objectives whose
 * own training losses are not comparable (STF regresses onto a lower-variance target than plain DSM does, so its
 * training loss is lower by construction; on held-out data both are scored against the true ε).
 */
public final class HeldOutLoss {
    private static final int BATCH = 250;

    private HeldOutLoss() {
    }

    /** @param conditional whether the network takes labels (the images' true labels are passed) */
    public static double measure(Block net, NoiseSchedule schedule, LabelledImages data, int t, boolean conditional,
            long seed) {
        if (t < 0 || t >= schedule.length()) {
            throw new IllegalArgumentException("t must be in 0.." + (schedule.length() - 1) + ", got " + t);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double sum = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(manager, false);
            for (int start = 0; start < data.size(); start += BATCH) {
                int n = Math.min(BATCH, data.size() - start);
                int[] idx = new int[n];
                int[] ts = new int[n];
                for (int i = 0; i < n; i++) {
                    idx[i] = start + i;
                    ts[i] = t;
                }
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x0 = data.images(scope, idx);
                    NDArray eps = HostNoise.gaussian(scope, x0.getShape(), rng);
                    NDList inputs = new NDList(ForwardProcess.qSample(schedule, x0, ts, eps), scope.create(ts));
                    if (conditional) inputs.add(data.labels(scope, idx));
                    NDArray predicted = net.forward(ps, inputs, false).singletonOrThrow();
                    sum += predicted.sub(eps).square().sum().getFloat();
                }
            }
        }
        return sum / ((double) data.size() * data.pixelsPerImage());
    }
}
