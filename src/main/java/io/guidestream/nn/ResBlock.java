package io.guidestream.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * ADM's residual block: GN → SiLU → conv, plus a projection of the time/class embedding added per channel,
 * GN → SiLU → conv (zero-initialised), and a 1×1 skip when the channel count changes.
 * Inputs: (x: B×in×H×W, emb: B×E); output B×out×H×W.
 */
public final class ResBlock extends AbstractBlock {
    private final int inChannels;
    private final int outChannels;
    private final int embDim;
    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final Linear embProj;
    private final GroupNorm norm2;
    private final Conv2d conv2;
    private final Block skip;

    public ResBlock(int inChannels, int outChannels, int embDim, int groups) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.embDim = embDim;
        norm1 = addChildBlock("norm1", new GroupNorm(groups, inChannels));
        conv1 = addChildBlock("conv1", Layers.conv3x3(outChannels));
        embProj = addChildBlock("emb", Layers.linear(outChannels));
        norm2 = addChildBlock("norm2", new GroupNorm(groups, outChannels));
        conv2 = addChildBlock("conv2", Layers.zeroInit(Layers.conv3x3(outChannels)));
        skip = inChannels == outChannels ? null : addChildBlock("skip", Layers.conv1x1(outChannels));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray emb = inputs.get(1);
        NDArray h = Layers.apply(conv1, ps, Layers.silu(Layers.apply(norm1, ps, x, training)), training);
        NDArray e = Layers.apply(embProj, ps, Layers.silu(emb), training).reshape(-1, outChannels, 1, 1);
        h = Layers.silu(Layers.apply(norm2, ps, h.add(e), training));
        h = Layers.apply(conv2, ps, h, training);
        NDArray shortcut = skip == null ? x : Layers.apply(skip, ps, x, training);
        return new NDList(shortcut.add(h));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), outChannels, x.get(2), x.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Layers.initImageBlock(norm1, manager, dataType, inChannels);
        Layers.initImageBlock(conv1, manager, dataType, inChannels);
        Layers.initVectorBlock(embProj, manager, dataType, embDim);
        Layers.initImageBlock(norm2, manager, dataType, outChannels);
        Layers.initImageBlock(conv2, manager, dataType, outChannels);
        if (skip != null) Layers.initImageBlock(skip, manager, dataType, inChannels);
    }
}
