package io.guidestream.nn;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.guidestream.diffusion.ValueRange;

/**
 * A network as stored in {@code model.json}: the shapes it reads and writes, and what is needed to run it. Either an
 * architecture this project defines ({@link BlockConfig}: rebuilt as a DJL block, then its weights loaded) or a
 * TorchScript file made elsewhere ({@link TorchScriptConfig}: loaded as it is, called by its declared conventions).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = UNetConfig.class, name = "unet"),
    @JsonSubTypes.Type(value = ClassifierConfig.class, name = "classifier"),
    @JsonSubTypes.Type(value = AutoencoderConfig.class, name = "autoencoder"),
    @JsonSubTypes.Type(value = TorchScriptConfig.class, name = "torchscript")
})
public sealed interface NetworkConfig permits BlockConfig, TorchScriptConfig {
    int imageChannels();

    int imageSize();

    /** Classes of the labels it takes or predicts (0: none). */
    int numClasses();

    /** The range of clean images in the diffusion this network belongs to (x̂0 is clipped to it). */
    default ValueRange valueRange() {
        return ValueRange.SIGNED;
    }

    /** {@code C×H×W}, for messages. */
    default String imageShape() {
        return imageChannels() + "×" + imageSize() + "×" + imageSize();
    }
}
