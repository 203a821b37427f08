package io.guidestream.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.guidestream.data.LabelledImages;

/** Mean squared reconstruction error per pixel of an autoencoder on clean images in [−1, 1]. */
public final class ReconstructionError {
    private ReconstructionError() {
    }

    public static double measure(Block autoencoder, LabelledImages data) {
        double sum = 0;
        int batch = 500;
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(manager, false);
            for (int start = 0; start < data.size(); start += batch) {
                int n = Math.min(batch, data.size() - start);
                int[] idx = new int[n];
                for (int i = 0; i < n; i++) idx[i] = start + i;
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = data.images(scope, idx);
                    NDArray r = autoencoder.forward(ps, new NDList(x, scope.create(new int[n])), false).get(0);
                    sum += r.sub(x).square().mean().getFloat() * n;
                }
            }
        }
        return sum / data.size();
    }
}
