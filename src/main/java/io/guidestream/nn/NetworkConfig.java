package io.guidestream.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A network architecture as stored in {@code model.json}: enough to rebuild the block before loading weights. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = UNetConfig.class, name = "unet"),
    @JsonSubTypes.Type(value = ClassifierConfig.class, name = "classifier"),
    @JsonSubTypes.Type(value = AutoencoderConfig.class, name = "autoencoder")
})
public sealed interface NetworkConfig permits UNetConfig, ClassifierConfig, AutoencoderConfig {
    int imageChannels();

    int imageSize();

    /** Classes of the labels it takes or predicts (0: none). */
    int numClasses();

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
