package io.guidestream.nn;

import java.util.List;

/**
 * The shape of a {@link NoiseAwareClassifier}: the U-Net's encoder half with global average pooling.
 *
 * @param imageChannels channels of the images
 * @param imageSize     height = width of the images
 * @param baseChannels  channels at full resolution
 * @param channelMult   channel multiplier per level, full resolution first
 * @param numResBlocks  residual blocks per level
 * @param numClasses    number of output logits
 * @param groups        GroupNorm groups
 * @param attention     self-attention at the lowest resolution
 */
public record ClassifierConfig(int imageChannels, int imageSize, int baseChannels, List<Integer> channelMult,
        int numResBlocks, int numClasses, int groups, boolean attention) implements BlockConfig {

    public ClassifierConfig {
        channelMult = List.copyOf(channelMult);
        if (imageChannels < 1 || baseChannels < 1 || numResBlocks < 1 || groups < 1 || numClasses < 2) {
            throw new IllegalArgumentException("classifier sizes must be positive (and >= 2 classes): " + this);
        }
        if (channelMult.isEmpty()) throw new IllegalArgumentException("channelMult must not be empty");
    }

    public int embedDim() {
        return 4 * baseChannels;
    }

    /** Width of the pooled penultimate features. */
    public int featureDim() {
        return baseChannels * channelMult.get(channelMult.size() - 1);
    }

    /** The default for Fashion-MNIST: 28 → 14 → 7 with 32/64/64 channels, one block per level. */
    public static ClassifierConfig fashion() {
        return new ClassifierConfig(1, 28, 32, List.of(1, 2, 2), 1, 10, 8, true);
    }

    /** The Fashion-MNIST architecture for other images (an image folder): the data's channels, size and classes. */
    public static ClassifierConfig forImages(int channels, int size, int numClasses) {
        return new ClassifierConfig(channels, size, 32, List.of(1, 2, 2), 1, numClasses, 8, true);
    }

    @Override
    public ai.djl.nn.Block newBlock() {
        return new NoiseAwareClassifier(this);
    }
}
