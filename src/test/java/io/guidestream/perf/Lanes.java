package io.guidestream.perf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
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
 * Issue 24's batch-4 question: does a U-Net forward split into halves on two Java threads (data parallel) beat the
 * whole batch on one thread with PyTorch's intra-op threads? Run once per PyTorch thread count.
 */
final class Lanes {
    private static final int[] BATCHES = {2, 4, 8, 16};

    private Lanes() {
    }

    static void run(String[] args) throws Exception {
        int ticks = PerfSupport.intArg(args, 0, 15, 1, 10_000, "ticks");
        int threads = PeerBench.threads();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (ModelStore store = new ModelStore(new ModelRegistry(Path.of("models")));
                NDManager root = NDManager.newBaseManager()) {
            Network net = store.get(PeerBench.UNET, ModelRole.EPSILON).network();
            other.submit(GradMode::disableOnThisThread).get();
            GradMode.disableOnThisThread();
            PerfSupport.header("U-Net forward (" + PeerBench.UNET + "), one lane against two (halves on two Java "
                    + "threads); PyTorch threads " + threads + "; median of " + ticks + " after 3");
            System.out.printf(Locale.ROOT, "%6s %12s %12s %8s%n", "batch", "1 lane ms", "2 lanes ms", "ratio");
            for (int b : BATCHES) {
                NDArray x = root.randomNormal(new Shape(b, 1, 28, 28));
                int[] t = new int[b];
                int[] y = new int[b];
                Arrays.fill(t, 500);
                for (int i = 0; i < b; i++) y[i] = i % 10;
                double one = time(ticks, () -> forward(root, net, x, t, y));
                double two = time(ticks, () -> halves(root, net, other, x, t, y));
                System.out.printf(Locale.ROOT, "%6d %12.1f %12.1f %7.2f×%n", b, one, two, two / one);
                x.close();
            }
        } finally {
            other.shutdownNow();
        }
    }

    /** The batch split in two: the upper half on the other thread while this thread runs the lower half. */
    private static void halves(NDManager root, Network net, ExecutorService other, NDArray x, int[] t, int[] y) {
        int b = t.length;
        int h = b / 2;
        NDArray lo = x.get(new NDIndex("0:" + h));
        NDArray hi = x.get(new NDIndex(h + ":"));
        try {
            Future<?> f = other.submit(() -> forward(root, net, hi, Arrays.copyOfRange(t, h, b),
                    Arrays.copyOfRange(y, h, b)));
            forward(root, net, lo, Arrays.copyOf(t, h), Arrays.copyOf(y, h));
            f.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("the second lane failed", e);
        } finally {
            lo.close();
            hi.close();
        }
    }

    private static void forward(NDManager root, Network net, NDArray x, int[] t, int[] y) {
        try (NDManager scope = root.newSubManager()) {
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
