package io.guidestream.perf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.guidestream.nn.GradMode;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import io.guidestream.sampling.ModelStore;
import io.guidestream.sampling.Network;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Issue 24's batch-4 question: does a U-Net forward split into halves on two Java threads (data parallel), each at
 * one PyTorch thread, beat the whole batch on one thread at the JVM's PyTorch thread count (intra-op parallelism)?
 * Both arrangements live in one JVM, as they would in a sampler: the two lane threads set their own PyTorch thread
 * count to one (OpenMP's count is per thread once PyTorch has initialised it there), and the calling thread keeps the
 * JVM's. The first lines print each thread's count, so a build where the count is process-wide shows itself.
 */
final class Lanes {
    private static final int[] BATCHES = {2, 4, 8, 16, 64};

    private Lanes() {
    }

    static void run(String[] args) throws Exception {
        int ticks = PerfSupport.intArg(args, 0, 15, 1, 10_000, "ticks");
        int threads = PeerBench.threads();
        ExecutorService a = Executors.newSingleThreadExecutor();
        ExecutorService b = Executors.newSingleThreadExecutor();
        try (ModelStore store = new ModelStore(new ModelRegistry(Path.of("models")));
                NDManager root = NDManager.newBaseManager()) {
            Network net = store.get(PeerBench.UNET, ModelRole.EPSILON).network();
            GradMode.disableOnThisThread();
            int lane = a.submit(Lanes::oneThreadLane).get();
            b.submit(Lanes::oneThreadLane).get();
            JniUtils.setNumThreads(threads); // the lanes set the process-wide default to 1: this thread restores it
            PerfSupport.header("U-Net forward (" + PeerBench.UNET + "): the whole batch on this thread at " + threads
                    + " PyTorch threads (1 lane) against halves on two lane threads at 1 each (2 lanes); median of "
                    + ticks + " after 3");
            System.out.printf(Locale.ROOT, "# PyTorch threads: calling thread %d, lanes %d and %d%n",
                    JniUtils.getNumThreads(), lane, b.submit(JniUtils::getNumThreads).get());
            System.out.printf(Locale.ROOT, "%6s %12s %12s %8s%n", "batch", "1 lane ms", "2 lanes ms", "ratio");
            for (int n : BATCHES) {
                NDArray x = root.randomNormal(new Shape(n, 1, 28, 28));
                int[] t = new int[n];
                int[] y = new int[n];
                Arrays.fill(t, 500);
                for (int i = 0; i < n; i++) y[i] = i % 10;
                double one = time(ticks, () -> forward(root, net, x, t, y));
                double two = time(ticks, () -> halves(root, net, a, b, x, t, y));
                System.out.printf(Locale.ROOT, "%6d %12.1f %12.1f %7.2f×%n", n, one, two, two / one);
                x.close();
            }
        } finally {
            a.shutdownNow();
            b.shutdownNow();
        }
    }

    /** Run on a lane thread once: PyTorch initialises its count there first, then it becomes 1 for that thread. */
    private static int oneThreadLane() {
        GradMode.disableOnThisThread();
        JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        return JniUtils.getNumThreads();
    }

    /** The batch split in two, each half on its own lane thread, the calling thread waiting for both. */
    private static void halves(NDManager root, Network net, ExecutorService a, ExecutorService b, NDArray x, int[] t,
            int[] y) {
        int n = t.length;
        int h = n / 2;
        NDArray lo = x.get(new NDIndex("0:" + h));
        NDArray hi = x.get(new NDIndex(h + ":"));
        try {
            Future<?> first = a.submit(() -> forward(root, net, lo, Arrays.copyOf(t, h), Arrays.copyOf(y, h)));
            Future<?> second = b.submit(() -> forward(root, net, hi, Arrays.copyOfRange(t, h, n),
                    Arrays.copyOfRange(y, h, n)));
            first.get();
            second.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("a lane failed", e);
        } finally {
            lo.close();
            hi.close();
        }
    }

    /**
     * One forward pass in a scope of its own. The input is borrowed into the scope, as the sampler's tick does: the
     * network puts some intermediates in its input's manager, which here would be the root, and they would pile up
     * (a first version without this used 24 GB by batch 64 and was killed).
     */
    private static void forward(NDManager root, Network net, NDArray x, int[] t, int[] y) {
        try (NDManager scope = root.newSubManager()) {
            scope.tempAttachAll(x);
            net.forward(scope, x, t, y);
        }
    }

    private static double time(int ticks, Runnable r) {
        for (int i = 0; i < 3; i++) r.run();
        double[] ms = new double[ticks];
        for (int i = 0; i < ticks; i++) {
            long t0 = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return PerfSupport.median(ms);
    }
}
