package io.guidestream.diffusion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The mean power of each orthonormal DCT-II coefficient over a training set, E[(V x0)_f²]: what a blur of any
 * strength removes from the data, in expectation, is Σ_f (1 − d_f)² · power_f. {@link BlurSchedule} uses it to space
 * a blur path's levels at equal Wasserstein-2 steps ({@link BlurSchedule#couplingBound}).
 *
 * @param height image height
 * @param width  image width
 * @param power  power[kh][kw], images in [−1, 1]
 */
public record DctPower(int height, int width, double[][] power) {

    public DctPower {
        if (power.length != height || power[0].length != width) {
            throw new IllegalArgumentException("power must be " + height + "×" + width);
        }
    }

    /** Measures it on single-channel H×W planes in [−1, 1]. */
    public static DctPower measure(double[][][] images) {
        if (images.length == 0) throw new IllegalArgumentException("need at least one image");
        int h = images[0].length;
        int w = images[0][0].length;
        DctBlur dct = new DctBlur(h, w);
        double[][] power = new double[h][w];
        for (double[][] x : images) {
            double[][] c = dct.dctHost(x);
            for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) power[i][j] += c[i][j] * c[i][j] / images.length;
        }
        return new DctPower(h, w, power);
    }

    /** The power of Fashion-MNIST's 60,000 training images ({@code blur-prior} command), 28×28. */
    public static DctPower fashion() {
        try (InputStream in = DctPower.class.getResourceAsStream("fashion-dct-power.json")) {
            if (in == null) throw new IllegalStateException("fashion-dct-power.json is missing from the jar");
            return io.guidestream.json.Json.MAPPER.readValue(in, DctPower.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The total power, E‖x0‖². */
    public double total() {
        double s = 0;
        for (double[] row : power) for (double v : row) s += v;
        return s;
    }
}
