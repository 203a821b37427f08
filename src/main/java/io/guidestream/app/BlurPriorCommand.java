package io.guidestream.app;

import io.guidestream.data.FashionMnist;
import io.guidestream.data.LabelledImages;
import io.guidestream.diffusion.BlurPrior;
import io.guidestream.diffusion.BlurSchedule;
import io.guidestream.diffusion.DctPower;
import io.guidestream.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code blur-prior [--out FILE] [--power-out FILE]}: measures the data statistics the blur paths are built from, on
 * Fashion-MNIST's training set, and writes them as JSON, by default to the resources the jar ships: the first
 * design's prior ({@link BlurPrior}: per class, a Gaussian over the 3×3 lowest DCT coefficients of the training
 * images at its last level; {@code fashion-blur-prior.json}) and the mean power of every DCT coefficient, by which
 * the variance-preserving path spaces its levels ({@link DctPower}; {@code fashion-dct-power.json}).
 */
final class BlurPriorCommand {
    static final int BAND = 3;
    private static final Path RESOURCE = Path.of("src/main/resources/io/guidestream/diffusion/fashion-blur-prior.json");
    private static final Path POWER = Path.of("src/main/resources/io/guidestream/diffusion/fashion-dct-power.json");

    private BlurPriorCommand() {
    }

    static int run(Invocation invocation, PrintStream out) throws IOException {
        String[] args = invocation.args();
        Path target = RESOURCE;
        Path powerTarget = POWER;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                target = Path.of(args[++i]);
            } else if (args[i].equals("--power-out") && i + 1 < args.length) {
                powerTarget = Path.of(args[++i]);
            } else {
                System.err.println("usage: blur-prior [--out FILE] [--power-out FILE]");
                return 2;
            }
        }
        LabelledImages data = FashionMnist.load(invocation.config().data().path(), FashionMnist.Split.TRAIN);
        int side = data.rows();
        double sigma = BlurSchedule.DEFAULT_SIGMA_MAX_PER_SIZE * side;
        double[][][] planes = planes(data);
        BlurPrior prior = BlurPrior.fit(planes, labels(data), data.numClasses(), sigma, BAND);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, Json.write(prior) + "\n");
        DctPower power = DctPower.measure(planes);
        Files.createDirectories(powerTarget.toAbsolutePath().getParent());
        Files.writeString(powerTarget, Json.write(power) + "\n");
        out.printf(Locale.ROOT, "DCT power: total %.1f (E‖x0‖²), DC %.1f -> %s%n", power.total(), power.power()[0][0],
                powerTarget);
        out.printf(Locale.ROOT, "%d training images, σ_B %.1f px, %d×%d coefficients, %d classes -> %s%n",
                data.size(), sigma, BAND, BAND, data.numClasses(), target);
        for (int y = 0; y < data.numClasses(); y++) {
            BlurPrior.Component c = prior.components().get(y);
            out.printf(Locale.ROOT, "class %d: mean intensity %.3f, coefficients (0,1) %.3f and (1,0) %.3f%n", y,
                    c.mean()[0] / side, c.mean()[1], c.mean()[BAND]);
        }
        return 0;
    }

    /** Single-channel planes in [−1, 1], the training scaling. */
    static double[][][] planes(LabelledImages data) {
        int h = data.rows();
        int w = data.cols();
        double[][][] out = new double[data.size()][h][w];
        byte[] px = data.pixels();
        for (int b = 0; b < data.size(); b++) {
            for (int p = 0; p < h * w; p++) out[b][p / w][p % w] = (px[b * h * w + p] & 0xff) / 127.5 - 1;
        }
        return out;
    }

    static int[] labels(LabelledImages data) {
        int[] y = new int[data.size()];
        for (int i = 0; i < y.length; i++) y[i] = data.label(i);
        return y;
    }
}
