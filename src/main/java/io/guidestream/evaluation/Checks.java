package io.guidestream.evaluation;

/** Argument checks shared by the metrics: every input is a non-empty, rectangular, finite matrix. */
final class Checks {
    /** How far a probability row may sum from 1 (softmax in float32 is good to about 1e-6). */
    static final double PROBABILITY_SUM_TOLERANCE = 1e-3;

    private Checks() {
    }

    /** Checks that {@code x} has at least one row, all rows of one positive length, all finite; returns that length. */
    static int columns(double[][] x, String name) {
        if (x == null || x.length == 0) throw new IllegalArgumentException(name + " must have at least one row");
        int d = x[0].length;
        if (d == 0) throw new IllegalArgumentException(name + " rows must not be empty");
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) {
                throw new IllegalArgumentException(name + " row " + i + " has " + x[i].length + " columns, not " + d);
            }
            for (double v : x[i]) {
                if (!Double.isFinite(v)) throw new IllegalArgumentException(name + " row " + i + " is not finite");
            }
        }
        return d;
    }

    /** Checks that every row of {@code p} is a probability vector (non-negative, sums to 1); returns the class count. */
    static int probabilities(double[][] p, String name) {
        int classes = columns(p, name);
        for (int i = 0; i < p.length; i++) {
            double sum = 0;
            for (double v : p[i]) {
                if (v < 0) throw new IllegalArgumentException(name + " row " + i + " has a negative probability");
                sum += v;
            }
            if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
                throw new IllegalArgumentException(name + " row " + i + " sums to " + sum + ", not 1 (logits?)");
            }
        }
        return classes;
    }
}
