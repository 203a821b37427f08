package io.guidestream.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link Conv2d} that hands the engine only channel counts that are multiples of 16: its filters and its input
 * channels (other than a single image channel) are padded with zeros, and the extra output channels are dropped. The
 * result and the gradients of the real weights are those of the plain convolution; its parameters, and so saved
 * models, are the plain convolution's.
 *
 * <p>Why: oneDNN's JIT backward-data kernels return wrong input gradients (finite or NaN) for channel counts that
 * are not a multiple of their vector width on hosts that hide the CPU's cache sizes (docs/ARCHITECTURE.md, "Numerics
 * on the host"), such as the U-Net's last convolution (32 → 1). Padded, every shape our networks use was right
 * there at full AVX-512 speed; the padding costs the output convolution 16 filters instead of 1.
 * {@link ConvolutionCheck} checks this convolution, so a host where even that is wrong is still caught. On a host
 * whose plain kernels are right for the networks' unaligned shapes ({@link ConvolutionCheck#plainOwnShapes}), the
 * command's guard turns the padding off ({@link #padChannels(boolean)}): four fewer native calls per unaligned
 * convolution and 1 filter instead of 16 in the output convolution. Padding is on until a check says otherwise.
 */
public final class AlignedConv2d extends Conv2d {
    static final int ALIGNMENT = 16;
    private static volatile boolean padChannels = true;

    private AlignedConv2d(Builder builder) {
        super(builder);
    }

    /** A square convolution with {@code kernel}×{@code kernel} filters, the given stride and zero padding. */
    static AlignedConv2d of(int filters, int kernel, int stride, int padding) {
        Builder builder = new Builder();
        builder.setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding)).setFilters(filters);
        return builder.build();
    }

    /**
     * Whether convolutions pad their channels to multiples of {@link #ALIGNMENT} (the default) or run the plain shapes.
     * For the whole process: oneDNN's kernels are chosen once, when PyTorch loads.
     */
    public static void padChannels(boolean pad) {
        padChannels = pad;
    }

    public static boolean padsChannels() {
        return padChannels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        return new NDList(convolve(x, w, b, stride, padding));
    }

    /**
     * The convolution of {@code x} (B, C, H, W) with {@code w} (F, C, k, k) and {@code b} (F), computed on aligned
     * channel counts. Intermediate arrays belong to {@code x}'s manager (the weights' would keep them for the model's
     * lifetime).
     */
    static NDArray convolve(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding) {
        if (!padChannels) return Conv2d.conv2d(x, w, b, stride, padding).singletonOrThrow();
        NDManager step = x.getManager();
        long filters = w.getShape().get(0);
        long channels = w.getShape().get(1);
        long extraFilters = aligned(filters) - filters;
        long extraChannels = channels == 1 ? 0 : aligned(channels) - channels;
        NDArray input = x;
        NDArray kernel = w;
        NDArray shift = b;
        if (extraChannels > 0) {
            Shape xs = x.getShape();
            input = x.concat(step.zeros(new Shape(xs.get(0), extraChannels, xs.get(2), xs.get(3)), x.getDataType()), 1);
            kernel = onStep(kernel.concat(step.zeros(new Shape(filters, extraChannels, w.getShape().get(2),
                    w.getShape().get(3)), w.getDataType()), 1), step);
        }
        if (extraFilters > 0) {
            Shape ks = kernel.getShape();
            kernel = onStep(kernel.concat(step.zeros(new Shape(extraFilters, ks.get(1), ks.get(2), ks.get(3)),
                    w.getDataType()), 0), step);
            shift = onStep(shift.concat(step.zeros(new Shape(extraFilters), b.getDataType()), 0), step);
        }
        NDArray y = Conv2d.conv2d(input, kernel, shift, stride, padding).singletonOrThrow();
        return extraFilters > 0 ? y.get(":, 0:" + filters) : y;
    }

    private static long aligned(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static NDArray onStep(NDArray a, NDManager step) {
        a.attach(step);
        return a;
    }

    private static final class Builder extends Conv2d.Builder {
        @Override
        public AlignedConv2d build() {
            validate();
            return new AlignedConv2d(this);
        }
    }
}
