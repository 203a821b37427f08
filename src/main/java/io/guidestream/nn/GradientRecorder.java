package io.guidestream.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Records autograd graphs on the current thread and backpropagates them: DJL's {@code GradientCollector} without its
 * JVM-wide lock. In DJL 0.35.1 the PyTorch collector keeps a static flag, so only one collector may exist in the whole
 * JVM at a time; here the sampler's classifier probe, a training job and an evaluation run concurrently on their own
 * threads, and the second collector would throw. PyTorch itself needs no such lock: grad mode is thread-local and
 * independent graphs can be backpropagated concurrently. Gradients accumulate into {@code .grad} as with DJL's
 * collector; our optimizer zeroes them after each update, and probes read fresh leaves.
 *
 * <pre>{@code try (GradientRecorder rec = GradientRecorder.start()) { loss = f(x); rec.backward(loss); }}</pre>
 */
public final class GradientRecorder implements AutoCloseable {
    private final boolean previous;

    private GradientRecorder() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    /** Turns autograd on for this thread until {@link #close}. */
    public static GradientRecorder start() {
        return new GradientRecorder();
    }

    /** Backpropagates a scalar (d target / d target = 1) into every leaf that requires a gradient. */
    public void backward(NDArray target) {
        try (NDArray ones = target.onesLike()) {
            JniUtils.backward((PtNDArray) target, (PtNDArray) ones, false, false);
        }
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
