package io.guidestream.evaluation;

import java.util.stream.IntStream;

/** The few dense float64 matrix operations the metrics need; matrices are row-major {@code double[rows][cols]}. */
final class Matrices {
    /** Below this many multiply-adds a product runs on the calling thread. */
    private static final long PARALLEL_WORK = 1L << 20;

    private Matrices() {
    }

    /** C = A·B in i-k-j order (row-contiguous inner loop), rows in parallel for large products. */
    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int inner = b.length;
        int m = b[0].length;
        if (a[0].length != inner) throw new IllegalArgumentException("shapes do not chain");
        double[][] c = new double[n][m];
        IntStream rows = IntStream.range(0, n);
        if ((long) n * inner * m >= PARALLEL_WORK) rows = rows.parallel();
        rows.forEach(i -> {
            double[] ci = c[i];
            double[] ai = a[i];
            for (int k = 0; k < inner; k++) {
                double aik = ai[k];
                if (aik == 0) continue;
                double[] bk = b[k];
                for (int j = 0; j < m; j++) ci[j] += aik * bk[j];
            }
        });
        return c;
    }

    static double trace(double[][] a) {
        double t = 0;
        for (int i = 0; i < a.length; i++) t += a[i][i];
        return t;
    }

    /** A copy of {@code a} with {@code eps} added to the diagonal. */
    static double[][] plusDiagonal(double[][] a, double eps) {
        double[][] out = copy(a);
        for (int i = 0; i < out.length; i++) out[i][i] += eps;
        return out;
    }

    static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) out[i] = a[i].clone();
        return out;
    }

    static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }
}
