package io.guidestream.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A residual block optionally followed by self-attention: one U-Net stage, one skip connection. */
public final class ResAttentionBlock extends AbstractBlock {
    private final ResBlock res;
    private final SelfAttention attention;
    private final int inChannels;
    private final int outChannels;
    private final int embDim;

    public ResAttentionBlock(int inChannels, int outChannels, int embDim, int groups, boolean withAttention) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.embDim = embDim;
        res = addChildBlock("res", new ResBlock(inChannels, outChannels, embDim, groups));
        attention = withAttention ? addChildBlock("attn", new SelfAttention(outChannels, groups)) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList h = res.forward(ps, inputs, training);
        return attention == null ? h : attention.forward(ps, h, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), outChannels, x.get(2), x.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        res.initialize(manager, dataType, new Shape(1, inChannels, 8, 8), new Shape(1, embDim));
        if (attention != null) Layers.initImageBlock(attention, manager, dataType, outChannels);
    }

    /** Used by the U-Net when wiring its skip connections. */
    static NDArray apply(ResAttentionBlock block, ParameterStore ps, NDArray x, NDArray emb, boolean training) {
        return block.forward(ps, new NDList(x, emb), training).singletonOrThrow();
    }
}
