package io.guidestream.evaluation;

import java.util.Arrays;
import java.util.Random;

/** Seeded test data. */
final class Gaussians {
    private Gaussians() {
    }

    /** n rows of d independent N(shift_j, scale_j²) entries. */
    static double[][] sample(Random random, int n, double[] shift, double[] scale) {
        double[][] x = new double[n][shift.length];
        for (double[] row : x) {
            for (int j = 0; j < shift.length; j++) row[j] = shift[j] + scale[j] * random.nextGaussian();
        }
        return x;
    }

    /** n rows of d standard normal entries. */
    static double[][] standard(Random random, int n, int d) {
        return sample(random, n, new double[d], filled(d, 1));
    }

    /** (B + Bᵀ)/2 for a d×d B of standard normal entries. */
    static double[][] symmetric(Random random, int d) {
        double[][] b = standard(random, d, d);
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) a[i][j] = 0.5 * (b[i][j] + b[j][i]);
        return a;
    }

    static double[] filled(int d, double value) {
        double[] v = new double[d];
        Arrays.fill(v, value);
        return v;
    }

    static double[][] diagonal(double... values) {
        double[][] m = new double[values.length][values.length];
        for (int i = 0; i < values.length; i++) m[i][i] = values[i];
        return m;
    }
}
