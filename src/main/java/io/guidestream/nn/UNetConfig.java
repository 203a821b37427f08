package io.guidestream.nn;

import java.util.List;

/**
 * The shape of a {@link UNet}. Saved in {@code model.json} beside the weights so that a folder is enough to load.
 *
 * @param imageChannels  channels of the images (1 for Fashion-MNIST)
 * @param imageSize      height = width of the images; must be divisible by 2^(levels−1)
 * @param baseChannels   channels at full resolution; the embedding width is 4× this
 * @param channelMult    channel multiplier per resolution level, full resolution first
 * @param numResBlocks   residual blocks per level on the way down (one more on the way up, as in ADM)
 * @param numClasses     0 for an unconditional model; otherwise a class embedding with one extra null class
 * @param groups         GroupNorm groups
 * @param attention      self-attention at the lowest resolution
 * @param outChannels    output channels (ε or x̂0 has {@code imageChannels})
 */
public record UNetConfig(int imageChannels, int imageSize, int baseChannels, List<Integer> channelMult,
        int numResBlocks, int numClasses, int groups, boolean attention, int outChannels) implements BlockConfig {

    public UNetConfig {
        channelMult = List.copyOf(channelMult);
        if (imageChannels < 1 || baseChannels < 1 || numResBlocks < 1 || groups < 1 || outChannels < 1) {
            throw new IllegalArgumentException("UNet sizes must be positive: " + this);
        }
        if (channelMult.isEmpty()) throw new IllegalArgumentException("channelMult must not be empty");
        int downs = 1 << (channelMult.size() - 1);
        if (imageSize % downs != 0) {
            throw new IllegalArgumentException("imageSize " + imageSize + " is not divisible by " + downs);
        }
        if (numClasses < 0) throw new IllegalArgumentException("numClasses must be >= 0, got " + numClasses);
    }

    public boolean conditional() {
        return numClasses > 0;
    }

    public int embedDim() {
        return 4 * baseChannels;
    }

    /** The label meaning "no class" for a conditional model (classifier-free style null token). */
    public int nullClass() {
        return numClasses;
    }

    /** The default for Fashion-MNIST: 28 → 14 → 7, attention at 7×7; about 1.1 M parameters. */
    public static UNetConfig fashion(int numClasses) {
        return new UNetConfig(1, 28, 32, List.of(1, 2, 2), 1, numClasses, 8, true, 1);
    }

    /**
     * The Fashion-MNIST architecture for other images (an image folder): the same widths and levels, the data's
     * channels and size (which must be divisible by 4).
     */
    public static UNetConfig forImages(int channels, int size, int numClasses) {
        return new UNetConfig(channels, size, 32, List.of(1, 2, 2), 1, numClasses, 8, true, channels);
    }

    @Override
    public ai.djl.nn.Block newBlock() {
        return new UNet(this);
    }
}
