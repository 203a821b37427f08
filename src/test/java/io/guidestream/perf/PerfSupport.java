package io.guidestream.perf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.nn.AlignedConv2d;
import io.guidestream.nn.ConvolutionCheck;
import io.guidestream.nn.NativeHeap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** Shared by the benchmarks: medians, the matmul peak, memory readings, arguments, the header of every table. */
final class PerfSupport {
    private PerfSupport() {
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static double percentile(double[] xs, double p) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    /** Median GFLOP/s of a 2048² float32 matrix product on this machine (after warm-up). */
    static double matmulPeakGflops() {
        int n = 2048;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(n, n));
            for (int i = 0; i < 3; i++) a.matMul(a).close();
            double[] gf = new double[9];
            for (int i = 0; i < gf.length; i++) {
                long t0 = System.nanoTime();
                a.matMul(a).close();
                gf[i] = 2.0 * n * n * n / ((System.nanoTime() - t0) / 1e9) / 1e9;
            }
            return median(gf);
        }
    }

    /** This process's resident set size (VmRSS in /proc/self/status) in MiB; −1 where there is no /proc. */
    static double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (Exception e) {
            // not Linux: reported as −1
        }
        return -1;
    }

    /** Heap in use after a full collection, in MiB. */
    static double heapAfterGcMiB() {
        for (int i = 0; i < 2; i++) System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    /** Committed non-heap JVM memory (metaspace, code cache, compiler) in MiB: the JVM's own share of the RSS. */
    static double nonHeapMiB() {
        return java.lang.management.ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getCommitted()
                / 1048576.0;
    }

    /** The integer argument at {@code index}, or {@code fallback} if absent; must lie in [min, max]. */
    static int intArg(String[] args, int index, int fallback, int min, int max, String name) {
        int v;
        try {
            v = args.length > index ? Integer.parseInt(args[index]) : fallback;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got " + args[index]);
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + v);
        }
        return v;
    }

    static void header(String title) {
        System.out.println("# " + title);
        System.out.printf(Locale.ROOT, "# %s, %d cores, %s, commit %s, channel padding %s, sampler lanes %s, %s%n",
                java.time.LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"),
                commit(), AlignedConv2d.padsChannels() ? "on" : "off",
                EngineBench.LANE_ITEMS < 2 ? "off" : "for 2.." + EngineBench.LANE_ITEMS + " items",
                NativeHeap.describe());
    }

    /**
     * Sets {@code AlignedConv2d}'s channel padding as the service's commands set it on this host (off where the plain
     * kernels are right for the networks' shapes, {@code ConvolutionGuard}), so that a benchmark times what the
     * service runs; {@code -Dbench.padChannels=true|false} forces it, for a side-by-side of the two.
     */
    static void padChannelsAsTheServiceWould() {
        String forced = System.getProperty("bench.padChannels");
        AlignedConv2d.padChannels(forced != null ? Boolean.parseBoolean(forced)
                : !ConvolutionCheck.plainOwnShapes().ok());
    }

    /** This process's minor page faults so far (field 10 of /proc/self/stat), or -1 where there is no /proc. */
    static long minorFaults() {
        try {
            return Long.parseLong(procStat()[7]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The fields of /proc/self/stat after the command name: index i is field i + 3 of proc(5). */
    static String[] procStat() throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** The checkout's commit: from git where it is installed (worktrees have a .git file), else from .git/HEAD. */
    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=10", "HEAD").redirectErrorStream(true)
                    .start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            if (git.waitFor() == 0 && out.matches("[0-9a-f]{10}")) return out;
        } catch (Exception e) {
            // no git on the path: read .git below
        }
        try {
            String head = Files.readString(Path.of(".git/HEAD")).trim();
            if (!head.startsWith("ref: ")) return head.substring(0, 10);
            return Files.readString(Path.of(".git").resolve(head.substring(5))).trim().substring(0, 10);
        } catch (Exception e) {
            return "unknown";
        }
    }
}
