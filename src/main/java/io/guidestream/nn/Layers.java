package io.guidestream.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

/** Small helpers shared by the blocks: builders with the padding we always want, SiLU, init by channel count. */
final class Layers {
    private Layers() {
    }

    static AlignedConv2d conv3x3(int outChannels) {
        return AlignedConv2d.of(outChannels, 3, 1, 1);
    }

    static AlignedConv2d conv3x3Stride2(int outChannels) {
        return AlignedConv2d.of(outChannels, 3, 2, 1);
    }

    static AlignedConv2d conv1x1(int outChannels) {
        return AlignedConv2d.of(outChannels, 1, 1, 0);
    }

    static Linear linear(int outFeatures) {
        return Linear.builder().setUnits(outFeatures).build();
    }

    /** ADM's {@code zero_module}: a residual branch that starts as the identity trains faster and more stably. */
    static <B extends Block> B zeroInit(B block) {
        block.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
        return block;
    }

    static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /** Weights depend only on channel counts, so a 1×1 spatial shape is enough to initialise a convolution. */
    static void initImageBlock(Block block, NDManager manager, DataType dataType, int inChannels) {
        block.initialize(manager, dataType, new Shape(1, inChannels, 8, 8));
    }

    static void initVectorBlock(Block block, NDManager manager, DataType dataType, int inFeatures) {
        block.initialize(manager, dataType, new Shape(1, inFeatures));
    }

    /**
     * A parameter reshaped for broadcasting. The reshape would attach to the parameter's (model-lifetime) manager
     * and leak one array per call, so it is moved to the input's (step-lifetime) manager.
     */
    static NDArray reshapedParameter(ParameterStore ps, Parameter p, NDArray input, boolean training, long... shape) {
        NDArray r = ps.getValue(p, input.getDevice(), training).reshape(shape);
        r.attach(input.getManager());
        return r;
    }

    static NDArray apply(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }
}
