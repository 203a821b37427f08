package io.guidestream.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * An autoencoder's loss: the mean squared error of its reconstruction of clean images, mirrored left-right with
 * probability 1/2 as the features classifier's are ({@link ClassifierObjective#randomFlips}). No labels and no noise.
 */
public final class ReconstructionObjective implements Objective {

    @Override
    public NDArray loss(Block net, ParameterStore ps, TrainingBatch batch) {
        NDArray x = ClassifierObjective.randomFlips(batch, batch.x0());
        NDArray reconstruction = net.forward(ps, new NDList(x, batch.manager().create(new int[batch.size()])), true)
                .get(0);
        return reconstruction.sub(x).square().mean();
    }
}
