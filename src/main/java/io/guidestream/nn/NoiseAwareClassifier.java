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
import java.util.ArrayList;
import java.util.List;

/**
 * ADM's noise-aware classifier p_φ(y | x_t, t) at Fashion-MNIST scale: the U-Net's encoder half (time-embedded
 * residual blocks, strided downsampling, attention at the lowest level), then GroupNorm, SiLU, global average
 * pooling and a linear head (ADM uses attention pooling; mean pooling is enough at 7×7).
 *
 * <p>Inputs: (x: B×C×H×W, t: B timesteps). Output: (logits B×classes, features B×featureDim, spatial
 * B×featureDim×h×w), where features are the spatial map averaged over its h×w positions. A clean-image classifier is
 * the same network always called with t = 0; its features are the evaluation feature space, its spatial map that of
 * sFID.
 */
public final class NoiseAwareClassifier extends AbstractBlock {
    private final ClassifierConfig config;
    private final Linear timeMlp1;
    private final Linear timeMlp2;
    private final Conv2d convIn;
    private final List<Block> stages = new ArrayList<>();
    private final List<Integer> stageInChannels = new ArrayList<>();
    private final GroupNorm normOut;
    private final Linear head;

    public NoiseAwareClassifier(ClassifierConfig config) {
        this.config = config;
        int emb = config.embedDim();
        timeMlp1 = addChildBlock("time1", Layers.linear(emb));
        timeMlp2 = addChildBlock("time2", Layers.linear(emb));
        int ch = config.baseChannels();
        convIn = addChildBlock("convIn", Layers.conv3x3(ch));
        int lowest = config.channelMult().size() - 1;
        for (int level = 0; level <= lowest; level++) {
            int out = config.baseChannels() * config.channelMult().get(level);
            boolean attn = config.attention() && level == lowest;
            for (int r = 0; r < config.numResBlocks(); r++) {
                add(new ResAttentionBlock(ch, out, emb, config.groups(), attn), ch);
                ch = out;
            }
            if (level < lowest) add(new Downsample(ch), ch);
        }
        normOut = addChildBlock("normOut", new GroupNorm(config.groups(), ch));
        head = addChildBlock("head", Layers.linear(config.numClasses()));
    }

    private void add(Block block, int in) {
        addChildBlock("stage" + stages.size(), block);
        stages.add(block);
        stageInChannels.add(in);
    }

    public ClassifierConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray t = inputs.get(1);
        NDArray emb = TimestepEmbedding.sinusoidal(t, config.baseChannels());
        emb = Layers.apply(timeMlp2, ps, Layers.silu(Layers.apply(timeMlp1, ps, emb, training)), training);
        NDArray h = Layers.apply(convIn, ps, inputs.get(0), training);
        for (Block b : stages) {
            h = b instanceof ResAttentionBlock r ? ResAttentionBlock.apply(r, ps, h, emb, training)
                    : Layers.apply(b, ps, h, training);
        }
        NDArray pooled = Layers.silu(Layers.apply(normOut, ps, h, training));
        NDArray features = pooled.reshape(pooled.getShape().get(0), config.featureDim(), -1).mean(new int[] {2});
        return new NDList(Layers.apply(head, ps, features, training), features, pooled);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        long b = x.get(0);
        long h = x.get(2);
        long w = x.get(3);
        for (int level = 1; level < config.channelMult().size(); level++) {
            h = (h + 1) / 2;
            w = (w + 1) / 2;
        }
        return new Shape[] {new Shape(b, config.numClasses()), new Shape(b, config.featureDim()),
                new Shape(b, config.featureDim(), h, w)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int emb = config.embedDim();
        Layers.initVectorBlock(timeMlp1, manager, dataType, config.baseChannels());
        Layers.initVectorBlock(timeMlp2, manager, dataType, emb);
        Layers.initImageBlock(convIn, manager, dataType, config.imageChannels());
        for (int i = 0; i < stages.size(); i++) {
            stages.get(i).initialize(manager, dataType, new Shape(1, stageInChannels.get(i), 8, 8), new Shape(1, emb));
        }
        Layers.initImageBlock(normOut, manager, dataType, config.featureDim());
        Layers.initVectorBlock(head, manager, dataType, config.featureDim());
    }
}
