package io.guidestream.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A plain convolutional autoencoder whose bottleneck code is a feature space for FID and precision/recall that
 * owes nothing to class labels: three convolutions with SiLU (28 → 14 → 7, strided), a linear map to the code, and
 * the mirror image back (linear, two nearest-neighbour upsamplings with convolutions, two more convolutions,
 * tanh to [−1, 1]). No
 * normalisation, attention or timestep embedding, unlike the classifiers: a different architecture as well as a
 * different objective (reconstruction), so that samples that fool a classifier's features do not fool these.
 *
 * <p>Inputs: (x: B×C×H×W, t: ignored, kept so that every network takes the same inputs). Output: (reconstruction
 * B×C×H×W, code B×codeDim).
 */
public final class ConvAutoencoder extends AbstractBlock {
    private final AutoencoderConfig config;
    private final Conv2d enc1;
    private final Conv2d enc2;
    private final Conv2d enc3;
    private final Linear toCode;
    private final Linear fromCode;
    private final Upsample up1;
    private final Upsample up2;
    private final Conv2d mid;
    private final Conv2d out;

    public ConvAutoencoder(AutoencoderConfig config) {
        this.config = config;
        int c = config.channels();
        enc1 = addChildBlock("enc1", Layers.conv3x3(c));
        enc2 = addChildBlock("enc2", Layers.conv3x3Stride2(2 * c));
        enc3 = addChildBlock("enc3", Layers.conv3x3Stride2(2 * c));
        toCode = addChildBlock("toCode", Layers.linear(config.codeDim()));
        fromCode = addChildBlock("fromCode", Layers.linear(2 * c * lowSide() * lowSide()));
        up1 = addChildBlock("up1", new Upsample(2 * c));
        up2 = addChildBlock("up2", new Upsample(2 * c));
        mid = addChildBlock("mid", Layers.conv3x3(c));
        out = addChildBlock("out", Layers.conv3x3(config.imageChannels()));
    }

    private int lowSide() {
        return config.imageSize() / 4;
    }

    public AutoencoderConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        long b = x.getShape().get(0);
        NDArray h = Layers.silu(Layers.apply(enc1, ps, x, training));
        h = Layers.silu(Layers.apply(enc2, ps, h, training));
        h = Layers.silu(Layers.apply(enc3, ps, h, training));
        NDArray code = Layers.apply(toCode, ps, h.reshape(b, -1), training);
        NDArray d = Layers.silu(Layers.apply(fromCode, ps, code, training))
                .reshape(b, 2L * config.channels(), lowSide(), lowSide());
        d = Layers.silu(Layers.apply(up1, ps, d, training));
        d = Layers.silu(Layers.apply(up2, ps, d, training));
        d = Layers.silu(Layers.apply(mid, ps, d, training));
        return new NDList(Layers.apply(out, ps, d, training).tanh(), code);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {x, new Shape(x.get(0), config.codeDim())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int c = config.channels();
        Layers.initImageBlock(enc1, manager, dataType, config.imageChannels());
        Layers.initImageBlock(enc2, manager, dataType, c);
        Layers.initImageBlock(enc3, manager, dataType, 2 * c);
        Layers.initVectorBlock(toCode, manager, dataType, 2 * c * lowSide() * lowSide());
        Layers.initVectorBlock(fromCode, manager, dataType, config.codeDim());
        up1.initialize(manager, dataType, new Shape(1, 2L * c, lowSide(), lowSide()));
        up2.initialize(manager, dataType, new Shape(1, 2L * c, 2L * lowSide(), 2L * lowSide()));
        Layers.initImageBlock(mid, manager, dataType, 2 * c);
        Layers.initImageBlock(out, manager, dataType, c);
    }
}
