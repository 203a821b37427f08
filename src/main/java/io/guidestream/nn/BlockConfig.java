package io.guidestream.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/** An architecture this project defines as a DJL block: rebuilt from the card, then its weights loaded; trainable. */
public sealed interface BlockConfig extends NetworkConfig permits UNetConfig, ClassifierConfig, AutoencoderConfig {

    /** The uninitialised block for this architecture. */
    Block newBlock();

    /** A fresh block with initialised (random) parameters owned by {@code manager}. */
    default Block create(NDManager manager) {
        Shape image = new Shape(1, imageChannels(), imageSize(), imageSize());
        Block block = newBlock();
        block.initialize(manager, DataType.FLOAT32, image, new Shape(1), new Shape(1));
        return block;
    }

    /** Number of trainable scalars. */
    static long parameterCount(Block block) {
        return block.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
    }
}
