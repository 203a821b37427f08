package io.guidestream.perf;

import io.guidestream.nn.ClassifierConfig;
import io.guidestream.nn.UNetConfig;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Multiply-add FLOPs (2 per multiply-accumulate) of one forward pass per image, counted from the architecture the
 * same way {@code UNet} and {@code NoiseAwareClassifier} build it: convolutions, linear layers and attention matmuls.
 * Normalisation and activations are left out (memory-bound, negligible FLOPs).
 */
final class Flops {
    private Flops() {
    }

    static double conv(int cin, int cout, int k, int h, int w) {
        return 2.0 * cin * cout * k * k * h * w;
    }

    static double resBlock(int cin, int cout, int emb, int side) {
        double f = conv(cin, cout, 3, side, side) + conv(cout, cout, 3, side, side) + 2.0 * emb * cout;
        if (cin != cout) f += conv(cin, cout, 1, side, side);
        return f;
    }

    static double attention(int ch, int side) {
        int n = side * side;
        return conv(ch, 3 * ch, 1, side, side) + 2.0 * 2 * n * n * ch + conv(ch, ch, 1, side, side);
    }

    static double unet(UNetConfig c) {
        int side = c.imageSize();
        int emb = c.embedDim();
        int ch = c.baseChannels();
        double f = 2.0 * c.baseChannels() * emb + 2.0 * emb * emb + conv(c.imageChannels(), ch, 3, side, side);
        Deque<Integer> skips = new ArrayDeque<>(List.of(ch));
        List<Integer> mult = c.channelMult();
        int lowest = mult.size() - 1;
        for (int level = 0; level <= lowest; level++) {
            int out = c.baseChannels() * mult.get(level);
            for (int r = 0; r < c.numResBlocks(); r++) {
                f += resBlock(ch, out, emb, side) + (c.attention() && level == lowest ? attention(out, side) : 0);
                ch = out;
                skips.push(ch);
            }
            if (level < lowest) {
                f += conv(ch, ch, 3, side / 2, side / 2);
                side /= 2;
                skips.push(ch);
            }
        }
        f += 2 * resBlock(ch, ch, emb, side) + (c.attention() ? attention(ch, side) : 0);
        for (int level = lowest; level >= 0; level--) {
            int out = c.baseChannels() * mult.get(level);
            for (int r = 0; r <= c.numResBlocks(); r++) {
                f += resBlock(ch + skips.pop(), out, emb, side)
                        + (c.attention() && level == lowest ? attention(out, side) : 0);
                ch = out;
            }
            if (level > 0) {
                side *= 2;
                f += conv(ch, ch, 3, side, side);
            }
        }
        return f + conv(ch, c.outChannels(), 3, side, side);
    }

    static double classifier(ClassifierConfig c) {
        int side = c.imageSize();
        int emb = c.embedDim();
        int ch = c.baseChannels();
        double f = 2.0 * c.baseChannels() * emb + 2.0 * emb * emb + conv(c.imageChannels(), ch, 3, side, side);
        int lowest = c.channelMult().size() - 1;
        for (int level = 0; level <= lowest; level++) {
            int out = c.baseChannels() * c.channelMult().get(level);
            for (int r = 0; r < c.numResBlocks(); r++) {
                f += resBlock(ch, out, emb, side) + (c.attention() && level == lowest ? attention(out, side) : 0);
                ch = out;
            }
            if (level < lowest) {
                f += conv(ch, ch, 3, side / 2, side / 2);
                side /= 2;
            }
        }
        return f + 2.0 * ch * c.numClasses();
    }
}
