package io.guidestream.perf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** Shared by the benchmarks: medians, the machine's matmul peak, the header every table starts with. */
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

    static void header(String title) {
        System.out.println("# " + title);
        System.out.printf(Locale.ROOT, "# %s, %d cores, %s, commit %s%n", java.time.LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), commit());
    }

    private static String commit() {
        try {
            String head = Files.readString(Path.of(".git/HEAD")).trim();
            if (!head.startsWith("ref: ")) return head.substring(0, 10);
            return Files.readString(Path.of(".git").resolve(head.substring(5))).trim().substring(0, 10);
        } catch (Exception e) {
            return "unknown";
        }
    }
}
