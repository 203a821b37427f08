package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.guidestream.nn.UNetConfig;
import org.jspecify.annotations.Nullable;

/**
 * A network this project defines (a DJL block with frozen parameters): inputs (x, t) and, for a class-conditional
 * U-Net, y with −1 mapped to its null class; the first output is the answer (feature blocks return more).
 */
public final class BlockNetwork implements Network {
    private final Block block;
    private final ParameterStore ps;
    private final int nullClass;

    /** @param conditional the U-Net's config when it takes labels, else null (classifiers, unconditional models) */
    public BlockNetwork(Block block, ParameterStore ps, @Nullable UNetConfig conditional) {
        this.block = block;
        this.ps = ps;
        this.nullClass = conditional == null ? -1 : conditional.nullClass();
    }

    @Override
    public NDArray forward(NDManager scope, NDArray x, int[] t, int @Nullable [] labels) {
        NDList inputs = new NDList(x, scope.create(t));
        if (nullClass >= 0 && labels != null) {
            int[] y = new int[labels.length];
            for (int i = 0; i < y.length; i++) y[i] = labels[i] < 0 ? nullClass : labels[i];
            inputs.add(scope.create(y));
        }
        return block.forward(ps, inputs, false).get(0);
    }
}
