package io.guidestream.sampling;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import io.guidestream.nn.GradMode;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BinaryOperator;

/**
 * Data parallelism for small CPU batches (issue 24; perf/README.md, {@code lanes}): a batched network call split into
 * two halves that run at the same time on two lane threads, each at half the PyTorch threads, instead of the whole
 * batch on the calling thread at all of them. On two cores PyTorch's intra-op threads scale poorly on the small
 * convolutions of a small batch, and two independent half-batches keep both cores busier. Batches of
 * {@code 2..maxItems} items are split; larger ones (where intra-op threads do well) and single items run whole on the
 * calling thread, which keeps the process's thread count.
 *
 * <p>PyTorch's thread count is per thread (OpenMP) once PyTorch has initialised it on that thread, and its
 * process-wide default is whatever the last {@code set_num_threads} call set: each lane therefore initialises its own
 * count before lowering it, and the constructor restores the default on the calling thread afterwards.
 */
final class BatchLanes implements AutoCloseable {
    /** No lanes: every call runs whole on the calling thread. */
    static final BatchLanes NONE = new BatchLanes();

    private final int maxItems;
    private final ExecutorService first;
    private final ExecutorService second;

    /** Lanes for passes over 2..{@code maxItems} items, or {@link #NONE} on a GPU, below 2 items, or one thread. */
    static BatchLanes on(Device device, int maxItems) {
        if (maxItems < 2 || device.getDeviceType() != Device.Type.CPU || JniUtils.getNumThreads() < 2) return NONE;
        return new BatchLanes(maxItems);
    }

    private BatchLanes() {
        maxItems = 0;
        first = null;
        second = null;
    }

    /** Two lane threads; batches of 2..{@code maxItems} items are split over them. */
    BatchLanes(int maxItems) {
        if (maxItems < 2) throw new IllegalArgumentException("lanes split batches of 2 items or more, got " + maxItems);
        this.maxItems = maxItems;
        int threads = JniUtils.getNumThreads();
        int perLane = Math.max(1, threads / 2);
        first = Executors.newSingleThreadExecutor(r -> laneThread(r, "lane-1"));
        second = Executors.newSingleThreadExecutor(r -> laneThread(r, "lane-2"));
        try {
            for (ExecutorService lane : new ExecutorService[] {first, second}) {
                lane.submit(() -> {
                    GradMode.disableOnThisThread();
                    JniUtils.getNumThreads(); // PyTorch initialises this thread's count from the default first
                    JniUtils.setNumThreads(perLane);
                }).get();
            }
        } catch (InterruptedException | ExecutionException e) {
            close();
            throw new IllegalStateException("the lane threads could not start", e);
        } finally {
            JniUtils.setNumThreads(threads); // the process-wide default again, for threads that start later
        }
    }

    /** Whether a call over {@code items} items is split. */
    boolean splits(int items) {
        return items >= 2 && items <= maxItems;
    }

    /**
     * {@code call} over items [0, items), split in two halves on the lanes and joined in order, or whole on this
     * thread. A lane's failure is rethrown here as it was thrown there.
     */
    <T> T run(int items, Call<T> call, BinaryOperator<T> join) {
        if (!splits(items)) return call.items(0, items);
        int half = items / 2;
        Future<T> lo = first.submit(() -> call.items(0, half));
        Future<T> hi = second.submit(() -> call.items(half, items));
        // Both halves finish before anything is thrown: the caller closes the scope their arrays live in.
        Throwable failure = null;
        T a = null;
        T b = null;
        try {
            a = lo.get();
        } catch (ExecutionException | InterruptedException e) {
            failure = e;
        }
        try {
            b = hi.get();
        } catch (ExecutionException | InterruptedException e) {
            if (failure == null) failure = e;
        }
        if (failure != null) throw rethrown(failure);
        return join.apply(a, b);
    }

    private static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new IllegalStateException("interrupted while a lane ran", failure);
        }
        Throwable cause = failure.getCause();
        if (cause instanceof RuntimeException r) return r;
        if (cause instanceof Error e) throw e;
        return new IllegalStateException("a lane failed", cause);
    }

    private static Thread laneThread(Runnable r, String name) {
        Thread t = new Thread(r, "sampler-" + name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        if (first != null) first.shutdownNow();
        if (second != null) second.shutdownNow();
    }

    /** One network call over the items [from, to) of the batch. */
    @FunctionalInterface
    interface Call<T> {
        T items(int from, int to);
    }
}
