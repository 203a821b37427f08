package io.guidestream.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Checks that our float32 convolutions ({@link AlignedConv2d}) are right on this host: forward, weight gradient and
 * input gradient of the convolution shapes our networks use, against the same convolution in float64 (which PyTorch
 * computes with its own kernels, not oneDNN's).
 *
 * <p>Why: on a Firecracker VM with an AMD Zen 5 CPU whose cache sizes are hidden from CPUID, PyTorch 2.7's oneDNN
 * 3.7.1 picks JIT backward-data kernels that return garbage (finite or NaN, varying run to run) for convolutions
 * with fewer than 16 input or output channels, such as the U-Net's last convolution (32 → 1), through which every
 * training gradient flows. The forward pass and the weight gradient stay right, so nothing fails loudly: training
 * just learns from wrong gradients. {@link AlignedConv2d} avoids those shapes; this check catches a host where that
 * is not enough (docs/ARCHITECTURE.md, "Numerics on the host").
 */
public final class ConvolutionCheck {
    /** Largest relative error (max |a − ref| / max |ref|) accepted; float32 rounding gives about 1e-6. */
    static final double TOLERANCE = 1e-4;

    /** One convolution to check: channels in and out, stride, square input size. */
    record Case(int in, int out, int stride, int size) {
        @Override
        public String toString() {
            return in + "→" + out + " channels, stride " + stride + ", " + size + "×" + size;
        }
    }

    /** The 3×3 convolutions of the shipped networks (32 and 64 channels, 28, 14 and 7 px) and of the test networks. */
    static final List<Case> CASES = List.of(new Case(1, 32, 1, 28), new Case(32, 32, 1, 28), new Case(32, 64, 1, 14),
            new Case(64, 64, 2, 14), new Case(64, 64, 1, 7), new Case(32, 1, 1, 28), new Case(1, 8, 1, 28),
            new Case(8, 8, 1, 28), new Case(8, 1, 1, 28));

    /**
     * Plain convolutions of shapes that networks made elsewhere use and {@link AlignedConv2d} would never run: input
     * channels that are multiples of 4 or 8 but not of 16 (on the Zen 5 VM of 2026-12-06 every forward pass with 20,
     * 24, 40 or 56 input channels was off by 16 to 33 %, while 3, 4, 6, 8, 12, 16, 48 and 96 were right), few output
     * channels, and RGB inputs (under AVX, 12 and 20 input channels failed). An imported TorchScript network runs on
     * exactly such kernels.
     */
    static final List<Case> PLAIN_CASES = List.of(new Case(3, 16, 1, 16), new Case(24, 24, 1, 16),
            new Case(40, 16, 2, 16), new Case(20, 6, 1, 16), new Case(16, 6, 1, 16), new Case(12, 12, 1, 8));

    private static final int BATCH = 16;
    private static Report plainReport;

    /** A float32 convolution under test, with its gradients for the loss Σ y² / 2: returns y, ∂/∂w and ∂/∂x. */
    @FunctionalInterface
    interface Convolution {
        NDArray[] run(NDArray x, NDArray w, int stride);
    }

    /** What was wrong: a line per case and output whose error exceeded {@link #TOLERANCE}; empty when all is right. */
    public record Report(List<String> failures) {
        public boolean ok() {
            return failures.isEmpty();
        }
    }

    private ConvolutionCheck() {
    }

    /** Runs the check on {@link AlignedConv2d}'s convolution (about a second on a 2-core CPU). */
    public static Report run() {
        return run(ConvolutionCheck::alignedConvolution, CASES);
    }

    /**
     * The check of the engine's plain convolution on {@link #PLAIN_CASES}, the kernels an imported TorchScript network
     * runs on; computed once per process (oneDNN's kernels are fixed when PyTorch loads).
     */
    public static synchronized Report plainConvolutions() {
        if (plainReport == null) plainReport = run(ConvolutionCheck::plainConvolution, PLAIN_CASES);
        return plainReport;
    }

    /**
     * The engine's plain convolution on the cases of {@link #CASES} that {@link AlignedConv2d} pads (channel counts
     * that are not multiples of its alignment): where this passes, the padding buys nothing on this host.
     */
    public static Report plainOwnShapes() {
        return run(ConvolutionCheck::plainConvolution, unalignedCases());
    }

    static List<Case> unalignedCases() {
        return CASES.stream().filter(c -> !aligned(c.out()) || (c.in() != 1 && !aligned(c.in()))).toList();
    }

    private static boolean aligned(int channels) {
        return channels % AlignedConv2d.ALIGNMENT == 0;
    }

    static Report run(Convolution convolution) {
        return run(convolution, CASES);
    }

    static Report run(Convolution convolution, List<Case> cases) {
        List<String> failures = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(7); // not the engine's generator, whose seed a training run owns
            for (Case c : cases) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = gaussian(scope, random, new Shape(BATCH, c.in(), c.size(), c.size()), 1);
                    NDArray w = gaussian(scope, random, new Shape(c.out(), c.in(), 3, 3), 1 / Math.sqrt(9.0 * c.in()));
                    NDArray[] single = convolution.run(x, w, c.stride());
                    NDArray[] reference = plainConvolution(x.toType(DataType.FLOAT64, true),
                            w.toType(DataType.FLOAT64, true), c.stride());
                    String[] names = {"output", "weight gradient", "input gradient"};
                    for (int i = 0; i < names.length; i++) {
                        double error = relativeError(single[i], reference[i]);
                        if (!(error <= TOLERANCE)) {
                            failures.add(String.format("%s: %s off by %.2g (relative)", c, names[i], error));
                        }
                    }
                }
            }
        }
        return new Report(List.copyOf(failures));
    }

    private static NDArray gaussian(NDManager manager, Random random, Shape shape, double std) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) values[i] = (float) (random.nextGaussian() * std);
        return manager.create(values, shape);
    }

    private static double relativeError(NDArray value, NDArray reference) {
        NDArray v = value.toType(DataType.FLOAT64, false);
        double scale = reference.abs().max().getDouble();
        return v.sub(reference).abs().max().getDouble() / scale; // NaN anywhere in v makes this NaN
    }

    private static NDArray[] alignedConvolution(NDArray x0, NDArray w0, int stride) {
        return withGradients(x0, w0, stride, AlignedConv2d::convolve);
    }

    /** DJL's plain convolution: in float64 the reference, in float32 the kernels an imported network runs on. */
    private static NDArray[] plainConvolution(NDArray x0, NDArray w0, int stride) {
        return withGradients(x0, w0, stride, (x, w, b, s, p) -> Conv2d.conv2d(x, w, b, s, p).singletonOrThrow());
    }

    private interface Forward {
        NDArray apply(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding);
    }

    private static NDArray[] withGradients(NDArray x0, NDArray w0, int stride, Forward forward) {
        NDArray x = x0.duplicate();
        NDArray w = w0.duplicate();
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        NDArray y;
        try (GradientRecorder recorder = GradientRecorder.start()) {
            NDArray bias = x.getManager().zeros(new Shape(w.getShape().get(0)), x.getDataType());
            y = forward.apply(x, w, bias, new Shape(stride, stride), new Shape(1, 1));
            recorder.backward(y.square().sum().div(2));
        }
        return new NDArray[] {y, w.getGradient(), x.getGradient()};
    }
}
