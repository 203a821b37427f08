package io.guidestream.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrecisionRecallTest {
    /** The unit square's corners: each one's distances² to the others are 1, 1, 2, so r_3² = 2. */
    private static final double[][] SQUARE = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};

    @Test
    void identicalSetsHavePerfectPrecisionAndRecall() {
        double[][] x = Gaussians.standard(new Random(1), 300, 8);
        assertEquals(new PrecisionRecall(1, 1), PrecisionRecall.of(x, x));
    }

    @Test
    void handBuiltTwoDimensionalExample() {
        // Real: the unit square's corners, r_3² = 2 each.
        // Generated: a tight cluster at the origin A = {(0,0), (.1,0), (0,.1), (.1,.1)} and the same cluster moved to
        // (5,5), B. Within each cluster the distances² are .01, .01, .02, and the other cluster is ≥ 48 away, so every
        // generated r_3² = .02.
        // Precision: A lies within 2 of the real corner (0,0); B is ≥ 32 from every corner → 4/8 = 0.5.
        // Recall: (0,0) coincides with a point of A (0 ≤ .02); (1,0), (0,1) are .81 from A and (1,1) is 1.62 from A,
        // all > .02, and ≥ 32 from B → 1/4 = 0.25.
        double[][] generated = {{0, 0}, {0.1, 0}, {0, 0.1}, {0.1, 0.1}, {5, 5}, {5.1, 5}, {5, 5.1}, {5.1, 5.1}};
        PrecisionRecall pr = PrecisionRecall.of(SQUARE, generated);
        assertEquals(0.5, pr.precision(), 1e-15);
        assertEquals(0.25, pr.recall(), 1e-15);
        // Swapping the roles swaps the two figures.
        PrecisionRecall swapped = PrecisionRecall.of(generated, SQUARE);
        assertEquals(0.25, swapped.precision(), 1e-15);
        assertEquals(0.5, swapped.recall(), 1e-15);
    }

    @Test
    void aPointExactlyOnTheRadiusCounts() {
        // (2,2) and (−1,−1) are exactly r_3² = 2 from the corners (1,1) and (0,0): inside (≤);
        // (2.01,2) and (−1.01,−1) are 2.0201 away: outside. Precision 2/4.
        double[][] generated = {{2, 2}, {-1, -1}, {2.01, 2}, {-1.01, -1}};
        assertEquals(0.5, PrecisionRecall.of(SQUARE, generated).precision(), 1e-15);
    }

    @Test
    void radiusIsTheKthNeighbourExcludingThePointItself() {
        // Points 0, 1, 3, 6, 10 on a line. Distances from 3: 3, 2, 3, 7 → squared sorted 4, 9, 9, 49.
        double[][] line = {{0}, {1}, {3}, {6}, {10}};
        assertArrayEquals(new double[] {36, 25, 9, 25, 81}, PrecisionRecall.kthNeighbourRadii(line, 3), 0);
        assertArrayEquals(new double[] {1, 1, 4, 9, 16}, PrecisionRecall.kthNeighbourRadii(line, 1), 0);
        // A duplicate is a neighbour at distance 0; the point itself is not.
        double[][] dup = {{0}, {0}, {5}};
        assertArrayEquals(new double[] {0, 0, 25}, PrecisionRecall.kthNeighbourRadii(dup, 1), 0);
    }

    @Test
    void tiledComputationMatchesBruteForceAcrossManyBlocks() {
        // More rows than one column tile (1024) and many row blocks (64), with uneven last blocks.
        Random random = new Random(2);
        double[][] real = Gaussians.standard(random, 1100, 3);
        double[][] generated = Gaussians.sample(random, 1030, Gaussians.filled(3, 1.5), Gaussians.filled(3, 0.8));
        double[] realRadii = bruteForceRadii(real, 3);
        double[] generatedRadii = bruteForceRadii(generated, 3);
        assertArrayEquals(realRadii, PrecisionRecall.kthNeighbourRadii(real, 3), 0);
        double precision = bruteForceCoverage(generated, real, realRadii);
        double recall = bruteForceCoverage(real, generated, generatedRadii);
        assertEquals(new PrecisionRecall(precision, recall), PrecisionRecall.of(real, generated));
        assertTrue(precision > 0.1 && precision < 0.9 && recall > 0.1 && recall < 0.9, "non-trivial: " + precision
                + ", " + recall);
    }

    @Test
    void rejectsSetsTooSmallForKAndMismatchedDimensions() {
        assertThrows(IllegalArgumentException.class, () -> PrecisionRecall.of(SQUARE, new double[][] {{0, 0}}));
        assertThrows(IllegalArgumentException.class, () -> PrecisionRecall.of(SQUARE, new double[4][3]));
        assertThrows(IllegalArgumentException.class, () -> PrecisionRecall.of(SQUARE, SQUARE, 0));
    }

    private static double[] bruteForceRadii(double[][] x, int k) {
        double[] radii = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] d = new double[x.length - 1];
            int m = 0;
            for (int j = 0; j < x.length; j++) if (j != i) d[m++] = PairwiseDistances.squared(x[i], x[j]);
            Arrays.sort(d);
            radii[i] = d[k - 1];
        }
        return radii;
    }

    private static double bruteForceCoverage(double[][] queries, double[][] refs, double[] radii) {
        int count = 0;
        for (double[] q : queries) {
            boolean inside = false;
            for (int j = 0; j < refs.length; j++) inside |= PairwiseDistances.squared(q, refs[j]) <= radii[j];
            if (inside) count++;
        }
        return (double) count / queries.length;
    }
}
