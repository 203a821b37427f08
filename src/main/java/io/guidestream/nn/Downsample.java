package io.guidestream.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Halves H and W with a stride-2 3×3 convolution (ADM's {@code Downsample(use_conv=True)}). */
public final class Downsample extends AbstractBlock {
    private final int channels;
    private final Conv2d conv;

    public Downsample(int channels) {
        this.channels = channels;
        conv = addChildBlock("conv", Layers.conv3x3Stride2(channels));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return conv.forward(ps, new NDList(inputs.get(0)), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), channels, (x.get(2) + 1) / 2, (x.get(3) + 1) / 2)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Layers.initImageBlock(conv, manager, dataType, channels);
    }
}
