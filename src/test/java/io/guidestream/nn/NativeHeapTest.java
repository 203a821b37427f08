package io.guidestream.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeHeapTest {
    private static final int PASSES = 8;

    /**
     * The shipped U-Net's batch-4 forward pass, repeated, takes its memory from the heap it kept: without the settings
     * the test's JVM page-faulted about 2,800 times per pass (fresh pages of feature maps); with them, a few dozen.
     */
    @Test
    void repeatedPassesReuseTheirMemoryInsteadOfFaultingItIn() throws IOException {
        assumeTrue(Platform.isLinux() && Files.isReadable(Path.of("/proc/self/stat")), "needs Linux /proc");
        assertEquals(NativeHeap.Outcome.TUNED, NativeHeap.configure(), "glibc's mallopt refused the thresholds");
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = UNetConfig.fashion(10).create(m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(new Shape(4, 1, 28, 28));
            NDArray t = m.create(new int[] {999, 700, 400, 100});
            NDArray y = m.create(new int[] {0, 3, 6, 9});
            for (int i = 0; i < 2; i++) pass(m, net, ps, x, t, y); // the heap grows to the pass's size once
            long before = minorFaults();
            for (int i = 0; i < PASSES; i++) pass(m, net, ps, x, t, y);
            double perPass = (minorFaults() - before) / (double) PASSES;
            // A batch-4 pass allocates about 40 MiB of feature maps (10,000 pages); kept memory faults none of them.
            assertTrue(perPass < 1000, "page faults per pass: " + perPass);
        }
    }

    @Test
    void configuringTwiceKeepsTheFirstOutcome() {
        assertEquals(NativeHeap.configure(), NativeHeap.configure());
        assertTrue(NativeHeap.describe().startsWith("native heap"));
    }

    private static void pass(NDManager m, Block net, ParameterStore ps, NDArray x, NDArray t, NDArray y) {
        try (NDManager scope = m.newSubManager()) {
            NDList in = new NDList(x, t, y);
            in.forEach(a -> a.tempAttach(scope));
            net.forward(ps, in, false).singletonOrThrow().toFloatArray();
        }
    }

    /** This process's minor page faults so far (field 10 of /proc/self/stat). */
    private static long minorFaults() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
    }
}
