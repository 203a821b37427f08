package io.guidestream.evaluation;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Parallel-ordered cyclic Jacobi diagonalisation of a symmetric matrix (Golub &amp; Van Loan, <i>Matrix
 * Computations</i>, 4th ed., §8.5: the 2-by-2 symmetric Schur decomposition {@code sym.schur2} for one rotation, the
 * round-robin "parallel ordering" of the pairs for a sweep).
 *
 * <p>A sweep is d−1 rounds (round-robin tournament, d rounded up to even); a round applies up to d/2 rotations on
 * disjoint index pairs, all computed from the matrix at the start of the round, as {@code A ← Jᵀ A J}: first a pass
 * over the pairs' rows, then a pass over every row's pair entries. Both passes stream whole rows, so the sweep is
 * cache friendly, unlike the textbook one-rotation-at-a-time form whose column updates stride through memory.
 *
 * <p>Small entries are annihilated without a rotation when |a_pq| ≤ ε·√|a_pp a_qq| (Demmel &amp; Veselić 1992),
 * which keeps the high relative accuracy of Jacobi on positive definite matrices and lets converged sweeps be cheap.
 */
final class Jacobi {
    /** Stop when ‖off(A)‖_F ≤ TOLERANCE·‖A‖_F (‖A‖_F is invariant under the rotations). */
    private static final double TOLERANCE = 1e-15;
    /** Relative size below which an off-diagonal entry is set to zero instead of rotated away. */
    private static final double NEGLIGIBLE = 1e-17;
    private static final int MAX_SWEEPS = 60;
    /** Pairs per round (d/2) from which the passes run in parallel; below it a round is too short to split. */
    private static final int PARALLEL_PAIRS = 256;

    private Jacobi() {
    }

    /**
     * Rotates the symmetric {@code a} (in place) to diagonal form and returns the diagonal (unsorted); the rotations
     * are applied to the rows of {@code vt} too when it is not null, so starting from I it ends as Vᵀ.
     */
    static double[] diagonalise(double[][] a, double[][] vt) {
        double total = 0;
        for (double[] row : a) for (double x : row) total += x * x;
        int[][][] rounds = roundRobin(a.length);
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            symmetrise(a);
            if (offDiagonalSquared(a) <= TOLERANCE * TOLERANCE * total) return diagonal(a);
            int rotated = 0;
            for (int[][] round : rounds) rotated += round(a, vt, round);
            if (rotated == 0) return diagonal(a);
        }
        throw new IllegalStateException("Jacobi did not converge in " + MAX_SWEEPS + " sweeps");
    }

    private static double[] diagonal(double[][] a) {
        return IntStream.range(0, a.length).mapToDouble(i -> a[i][i]).toArray();
    }

    /** One round: rotations for the disjoint {@code pairs}, each {p, q} with p &lt; q; returns how many rotated. */
    private static int round(double[][] a, double[][] vt, int[][] pairs) {
        Rotations r = Rotations.plan(a, pairs);
        if (r.count == 0) return 0;
        rotateRows(a, r);
        IntStream rows = IntStream.range(0, a.length);
        if (r.count >= PARALLEL_PAIRS) rows = rows.parallel();
        rows.forEach(k -> rotateColumns(a[k], r));
        for (int i = 0; i < r.count; i++) {
            int p = r.p[i];
            int q = r.q[i];
            a[p][p] = r.newPP[i];
            a[q][q] = r.newQQ[i];
            a[p][q] = 0;
            a[q][p] = 0;
        }
        if (vt != null) rotateRows(vt, r);
        return r.count;
    }

    /** Rows p and q of {@code m} become c·row_p − s·row_q and s·row_p + c·row_q (m ← Jᵀ m). */
    private static void rotateRows(double[][] m, Rotations r) {
        IntStream pairs = IntStream.range(0, r.count);
        if (r.count >= PARALLEL_PAIRS) pairs = pairs.parallel();
        pairs.forEach(i -> {
            double[] x = m[r.p[i]];
            double[] y = m[r.q[i]];
            double c = r.c[i];
            double s = r.s[i];
            for (int k = 0; k < x.length; k++) {
                double g = x[k];
                double h = y[k];
                x[k] = c * g - s * h;
                y[k] = s * g + c * h;
            }
        });
    }

    /** Entries p and q of one row are rotated like the rows (row ← row·J). */
    private static void rotateColumns(double[] row, Rotations r) {
        for (int i = 0; i < r.count; i++) {
            int p = r.p[i];
            int q = r.q[i];
            double g = row[p];
            double h = row[q];
            row[p] = r.c[i] * g - r.s[i] * h;
            row[q] = r.s[i] * g + r.c[i] * h;
        }
    }

    /** The rotations of one round, computed from the matrix at its start. */
    private static final class Rotations {
        final int[] p;
        final int[] q;
        final double[] c;
        final double[] s;
        final double[] newPP;
        final double[] newQQ;
        int count;

        private Rotations(int size) {
            p = new int[size];
            q = new int[size];
            c = new double[size];
            s = new double[size];
            newPP = new double[size];
            newQQ = new double[size];
        }

        /**
         * Plans the rotations of one round and zeroes (in {@code a}) the negligible entries it skips.
         * θ = (a_qq − a_pp)/(2 a_pq); t = tan φ is the smaller root of t² + 2θt − 1 = 0; c = 1/√(1+t²), s = t·c.
         * The rotated 2×2 block is diag(a_pp − t a_pq, a_qq + t a_pq), set exactly after the passes.
         */
        static Rotations plan(double[][] a, int[][] pairs) {
            Rotations r = new Rotations(pairs.length);
            for (int[] pair : pairs) {
                int p = pair[0];
                int q = pair[1];
                double apq = a[p][q];
                double app = a[p][p];
                double aqq = a[q][q];
                if (Math.abs(apq) <= NEGLIGIBLE * Math.sqrt(Math.abs(app * aqq))) {
                    a[p][q] = 0;
                    a[q][p] = 0;
                    continue;
                }
                double theta = (aqq - app) / (2 * apq);
                double abs = Math.abs(theta);
                double t = abs > 1e150 ? 0.5 / abs : 1 / (abs + Math.sqrt(1 + theta * theta));
                if (theta < 0) t = -t;
                r.add(p, q, t, app - t * apq, aqq + t * apq);
            }
            return r;
        }

        private void add(int pIndex, int qIndex, double t, double pp, double qq) {
            p[count] = pIndex;
            q[count] = qIndex;
            c[count] = 1 / Math.sqrt(1 + t * t);
            s[count] = t * c[count];
            newPP[count] = pp;
            newQQ[count] = qq;
            count++;
        }
    }

    /**
     * The circle method: with m = d rounded up to even, round r pairs (r, m−1) and ((r+i) mod (m−1), (r−i) mod (m−1))
     * for i = 1 … m/2 − 1; every pair appears exactly once in the m−1 rounds. Pairs with the dummy index d are dropped.
     */
    static int[][][] roundRobin(int d) {
        int m = d + (d & 1);
        int[][][] rounds = new int[Math.max(m - 1, 0)][][];
        for (int r = 0; r < m - 1; r++) {
            int[][] pairs = new int[m / 2][];
            int count = 0;
            for (int i = 0; i < m / 2; i++) {
                int x = i == 0 ? r : Math.floorMod(r + i, m - 1);
                int y = i == 0 ? m - 1 : Math.floorMod(r - i, m - 1);
                if (x < d && y < d) pairs[count++] = new int[] {Math.min(x, y), Math.max(x, y)};
            }
            rounds[r] = Arrays.copyOf(pairs, count);
        }
        return rounds;
    }

    private static double offDiagonalSquared(double[][] a) {
        double off = 0;
        for (int p = 0; p < a.length; p++) for (int q = p + 1; q < a.length; q++) off += 2 * a[p][q] * a[p][q];
        return off;
    }

    /** Averages a[p][q] and a[q][p]: the two passes round the two triangles slightly differently. */
    private static void symmetrise(double[][] a) {
        for (int p = 0; p < a.length; p++) {
            for (int q = p + 1; q < a.length; q++) {
                double mean = 0.5 * (a[p][q] + a[q][p]);
                a[p][q] = mean;
                a[q][p] = mean;
            }
        }
    }
}
