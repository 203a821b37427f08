package io.guidestream.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The denoising U-Net of DDPM/ADM at Fashion-MNIST scale: residual blocks with GroupNorm and SiLU, a sinusoidal
 * time embedding through a two-layer MLP, an optional class embedding (with a null class), strided-convolution
 * downsampling, and nearest-neighbour upsampling followed by a convolution (the PyTorch engine has no
 * deconvolution). Every encoder stage saves one skip; every decoder residual stage consumes one.
 *
 * <p>Inputs: (x: B×C×H×W float32, t: B timesteps, y: B int32 labels, only read by conditional models; absent or
 * {@link UNetConfig#nullClass()} means unconditional). Output: B×out×H×W.
 */
public final class UNet extends AbstractBlock {
    private final UNetConfig config;
    private final Linear timeMlp1;
    private final Linear timeMlp2;
    private final Parameter classEmbedding;
    private final Conv2d convIn;
    private final List<Block> down = new ArrayList<>();
    private final List<ResAttentionBlock> middle = new ArrayList<>();
    private final List<Block> up = new ArrayList<>();
    private final List<Integer> inChannels = new ArrayList<>();
    private final GroupNorm normOut;
    private final Conv2d convOut;

    public UNet(UNetConfig config) {
        this.config = config;
        int emb = config.embedDim();
        int groups = config.groups();
        timeMlp1 = addChildBlock("time1", Layers.linear(emb));
        timeMlp2 = addChildBlock("time2", Layers.linear(emb));
        classEmbedding = config.conditional()
                ? addParameter(Parameter.builder().setName("classEmbedding").setType(Parameter.Type.WEIGHT)
                        .optShape(new Shape(config.numClasses() + 1, emb))
                        .optInitializer(new NormalInitializer(1f)).build())
                : null;
        int ch = config.baseChannels();
        convIn = addChildBlock("convIn", Layers.conv3x3(ch));
        Deque<Integer> skips = new ArrayDeque<>();
        skips.push(ch);
        List<Integer> mult = config.channelMult();
        int lowest = mult.size() - 1;
        for (int level = 0; level <= lowest; level++) {
            int out = config.baseChannels() * mult.get(level);
            boolean attn = config.attention() && level == lowest;
            for (int r = 0; r < config.numResBlocks(); r++) {
                down.add(add("down", new ResAttentionBlock(ch, out, emb, groups, attn), ch));
                ch = out;
                skips.push(ch);
            }
            if (level < lowest) {
                down.add(add("down", new Downsample(ch), ch));
                skips.push(ch);
            }
        }
        middle.add(add("mid", new ResAttentionBlock(ch, ch, emb, groups, config.attention()), ch));
        middle.add(add("mid", new ResAttentionBlock(ch, ch, emb, groups, false), ch));
        for (int level = lowest; level >= 0; level--) {
            int out = config.baseChannels() * mult.get(level);
            boolean attn = config.attention() && level == lowest;
            for (int r = 0; r <= config.numResBlocks(); r++) {
                int in = ch + skips.pop();
                up.add(add("up", new ResAttentionBlock(in, out, emb, groups, attn), in));
                ch = out;
            }
            if (level > 0) up.add(add("up", new Upsample(ch), ch));
        }
        normOut = addChildBlock("normOut", new GroupNorm(groups, ch));
        convOut = addChildBlock("convOut", Layers.zeroInit(Layers.conv3x3(config.outChannels())));
    }

    private <B extends Block> B add(String prefix, B block, int in) {
        addChildBlock(prefix + inChannels.size(), block);
        inChannels.add(in);
        return block;
    }

    public UNetConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray emb = embed(ps, inputs, training);
        Deque<NDArray> skips = new ArrayDeque<>();
        NDArray h = Layers.apply(convIn, ps, inputs.get(0), training);
        skips.push(h);
        for (Block b : down) {
            h = b instanceof ResAttentionBlock r ? ResAttentionBlock.apply(r, ps, h, emb, training)
                    : Layers.apply(b, ps, h, training);
            skips.push(h);
        }
        for (ResAttentionBlock r : middle) h = ResAttentionBlock.apply(r, ps, h, emb, training);
        for (Block b : up) {
            h = b instanceof ResAttentionBlock r
                    ? ResAttentionBlock.apply(r, ps, h.concat(skips.pop(), 1), emb, training)
                    : Layers.apply(b, ps, h, training);
        }
        h = Layers.silu(Layers.apply(normOut, ps, h, training));
        return new NDList(Layers.apply(convOut, ps, h, training));
    }

    private NDArray embed(ParameterStore ps, NDList inputs, boolean training) {
        NDArray t = inputs.get(1);
        NDArray e = TimestepEmbedding.sinusoidal(t, config.baseChannels());
        e = Layers.apply(timeMlp2, ps, Layers.silu(Layers.apply(timeMlp1, ps, e, training)), training);
        if (classEmbedding == null) return e;
        NDArray labels = inputs.size() > 2 ? inputs.get(2)
                : t.getManager().full(new Shape(t.getShape().get(0)), config.nullClass(), DataType.INT32);
        NDArray table = ps.getValue(classEmbedding, t.getDevice(), training);
        return e.add(labels.oneHot(config.numClasses() + 1).matMul(table));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), config.outChannels(), x.get(2), x.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int emb = config.embedDim();
        Layers.initVectorBlock(timeMlp1, manager, dataType, config.baseChannels());
        Layers.initVectorBlock(timeMlp2, manager, dataType, emb);
        Layers.initImageBlock(convIn, manager, dataType, config.imageChannels());
        List<Block> all = new ArrayList<>(down);
        all.addAll(middle);
        all.addAll(up);
        for (int i = 0; i < all.size(); i++) {
            all.get(i).initialize(manager, dataType, new Shape(1, inChannels.get(i), 8, 8), new Shape(1, emb));
        }
        int finalChannels = config.baseChannels() * config.channelMult().get(0);
        Layers.initImageBlock(normOut, manager, dataType, finalChannels);
        Layers.initImageBlock(convOut, manager, dataType, finalChannels);
    }
}
