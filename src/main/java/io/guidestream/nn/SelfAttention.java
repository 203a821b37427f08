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
 * Single-head spatial self-attention with a residual connection (ADM's {@code AttentionBlock} with one head),
 * used only at the lowest resolution, where H·W is small (49 tokens at 7×7).
 */
public final class SelfAttention extends AbstractBlock {
    private final int channels;
    private final GroupNorm norm;
    private final Conv2d qkv;
    private final Conv2d out;

    public SelfAttention(int channels, int groups) {
        this.channels = channels;
        norm = addChildBlock("norm", new GroupNorm(groups, channels));
        qkv = addChildBlock("qkv", Layers.conv1x1(3 * channels));
        out = addChildBlock("out", Layers.zeroInit(Layers.conv1x1(channels)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long b = s.get(0);
        long tokens = s.get(2) * s.get(3);
        NDArray h = Layers.apply(qkv, ps, Layers.apply(norm, ps, x, training), training).reshape(b, 3, channels,
                tokens);
        NDArray q = h.get(":, 0");
        NDArray k = h.get(":, 1");
        NDArray v = h.get(":, 2");
        // weights[b, i, j] = softmax_j(q_i · k_j / √C)
        NDArray weights = q.transpose(0, 2, 1).matMul(k).div((float) Math.sqrt(channels)).softmax(2);
        NDArray attended = v.matMul(weights.transpose(0, 2, 1)).reshape(s);
        return new NDList(x.add(Layers.apply(out, ps, attended, training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Layers.initImageBlock(norm, manager, dataType, channels);
        Layers.initImageBlock(qkv, manager, dataType, channels);
        Layers.initImageBlock(out, manager, dataType, channels);
    }
}
