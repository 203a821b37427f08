package io.guidestream.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SymmetricEigenTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 10, 64})
    void reconstructsRandomSymmetricMatricesWithOrthonormalVectors(int d) {
        double[][] a = Gaussians.symmetric(new Random(d), d);
        SymmetricEigen e = SymmetricEigen.of(a);
        double[][] v = e.vectors();
        double[] lambda = e.values();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double reconstructed = 0;
                double gram = 0;
                for (int k = 0; k < d; k++) {
                    reconstructed += v[i][k] * lambda[k] * v[j][k];  // V diag(λ) Vᵀ
                    gram += v[k][i] * v[k][j];                        // VᵀV
                }
                assertEquals(a[i][j], reconstructed, 1e-12, "A[" + i + "][" + j + "]");
                assertEquals(i == j ? 1 : 0, gram, 1e-12, "VᵀV[" + i + "][" + j + "]");
            }
        }
        for (int k = 1; k < d; k++) assertTrue(lambda[k - 1] <= lambda[k], "ascending");
    }

    @Test
    void secondDifferenceMatrixHasItsClosedFormSpectrum() {
        // tridiag(−1, 2, −1) of size n: λ_k = 2 − 2 cos(kπ/(n+1)), k = 1..n, ascending.
        int n = 64;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            a[i][i] = 2;
            if (i > 0) a[i][i - 1] = a[i - 1][i] = -1;
        }
        double[] expected = new double[n];
        for (int k = 1; k <= n; k++) expected[k - 1] = 2 - 2 * Math.cos(k * Math.PI / (n + 1));
        assertArrayEquals(expected, SymmetricEigen.of(a).values(), 1e-13);
        assertArrayEquals(expected, SymmetricEigen.eigenvalues(a), 1e-13);
    }

    @Test
    void twoByTwoByHand() {
        // [[2,1],[1,2]]: λ = 1 with (1,−1)/√2, λ = 3 with (1,1)/√2.
        SymmetricEigen e = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
        assertArrayEquals(new double[] {1, 3}, e.values(), 1e-15);
        double[] v3 = e.vector(1);
        assertEquals(1, Math.abs(v3[0] + v3[1]) / Math.sqrt(2), 1e-15);
        assertEquals(0, v3[0] - v3[1], 1e-15);
    }

    @Test
    void squareRootOfAPositiveDefiniteMatrixSquaresBack() {
        double[][] x = Gaussians.standard(new Random(9), 40, 12);
        double[][] cov = FeatureStats.of(x).cov();
        double[][] root = SymmetricEigen.of(cov).sqrtPsd();
        double[][] square = Matrices.multiply(root, root);
        for (int i = 0; i < 12; i++) assertArrayEquals(cov[i], square[i], 1e-12);
    }

    @Test
    void repeatedAndZeroEigenvaluesAreHandled() {
        double[][] identity = Gaussians.diagonal(1, 1, 1, 1, 1);
        assertArrayEquals(Gaussians.filled(5, 1), SymmetricEigen.of(identity).values(), 0);
        assertArrayEquals(new double[3], SymmetricEigen.eigenvalues(new double[3][3]), 0);
        // Rank one: u uᵀ with ‖u‖² = 14 has spectrum {0, 0, 14}; its square root is u uᵀ/√14.
        double[] u = {1, 2, 3};
        double[][] rankOne = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) rankOne[i][j] = u[i] * u[j];
        SymmetricEigen e = SymmetricEigen.of(rankOne);
        assertArrayEquals(new double[] {0, 0, 14}, e.values(), 1e-13);
        double[][] root = e.sqrtPsd();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) assertEquals(u[i] * u[j] / Math.sqrt(14), root[i][j], 1e-13);
        }
    }

    @Test
    void rejectsNonSquareInput() {
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[][] {{1, 2}}));
    }
}
