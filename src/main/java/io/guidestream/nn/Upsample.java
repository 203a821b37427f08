package io.guidestream.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Doubles H and W by nearest-neighbour repetition, then a 3×3 convolution. The PyTorch engine of DJL 0.35.1
 * does not implement {@code Conv2dTranspose}, and repeat + conv avoids its checkerboard artefacts anyway.
 */
public final class Upsample extends AbstractBlock {
    private final int channels;
    private final Conv2d conv;

    public Upsample(int channels) {
        this.channels = channels;
        conv = addChildBlock("conv", Layers.conv3x3(channels));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray doubled = x.repeat(2, 2).repeat(3, 2);
        return conv.forward(ps, new NDList(doubled), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), channels, x.get(2) * 2, x.get(3) * 2)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Layers.initImageBlock(conv, manager, dataType, channels);
    }
}
