package io.guidestream.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FidTest {

    @Test
    void fidOfASetWithItselfIsZero() {
        double[][] x = Gaussians.sample(new Random(1), 500, new double[16], Gaussians.filled(16, 3));
        FeatureStats s = FeatureStats.of(x);
        assertEquals(0, Fid.between(s, s), 1e-9);
        assertEquals(0, Fid.between(x, x.clone()), 1e-6);
    }

    @Test
    void fidIsSymmetric() {
        Random random = new Random(2);
        FeatureStats a = FeatureStats.of(Gaussians.standard(random, 400, 10));
        double[] scale = {0.5, 1, 2, 3, 0.1, 1, 1, 4, 2, 1};
        FeatureStats b = FeatureStats.of(Gaussians.sample(random, 300, Gaussians.filled(10, 0.3), scale));
        double ab = Fid.between(a, b);
        assertTrue(ab > 1, "different distributions");
        assertEquals(ab, Fid.between(b, a), 1e-10 * ab);
    }

    @Test
    void diagonalGaussiansMatchTheClosedForm() {
        // Tr((Σ1Σ2)^{1/2}) = Σ √(s1_i s2_i), so FID = ‖μ1 − μ2‖² + Σ (√s1_i − √s2_i)²
        //   = 4 + (1−2)² + (2−1)² + (3−1)² + (0.5−1)² = 4 + 6.25.
        FeatureStats a = new FeatureStats(new double[4], Gaussians.diagonal(1, 4, 9, 0.25), 100);
        FeatureStats b = new FeatureStats(Gaussians.filled(4, 1), Gaussians.diagonal(4, 1, 1, 1), 100);
        assertEquals(10.25, Fid.between(a, b), 1e-12);
        assertEquals(7.5, Fid.traceSqrtProduct(a.cov(), b.cov()), 1e-12);
    }

    @Test
    void nonCommutingTwoByTwoByHand() {
        // Σ1 = [[2,1],[1,2]], Σ2 = diag(1,4): Σ1Σ2 = [[2,4],[1,8]], trace 10, det 3·4 = 12. For a 2×2 matrix with
        // positive eigenvalues Tr(√M) = √(tr M + 2√det M) = √(10 + 4√3). Tr Σ1 + Tr Σ2 = 9; μ1 = (1,0), μ2 = (0,2).
        FeatureStats a = new FeatureStats(new double[] {1, 0}, new double[][] {{2, 1}, {1, 2}}, 10);
        FeatureStats b = new FeatureStats(new double[] {0, 2}, Gaussians.diagonal(1, 4), 10);
        double expected = 5 + 9 - 2 * Math.sqrt(10 + 4 * Math.sqrt(3));
        assertEquals(expected, Fid.between(a, b), 1e-12);
        assertEquals(expected, Fid.between(b, a), 1e-12);
    }

    @Test
    void sampledGaussiansWithShiftedMeanGiveTheSquaredShift() {
        // N(0, I) vs N(m, I): FID = ‖m‖² = 5.25. Sampling error of the mean term ≈ 2‖m‖·√(2/20000) ≈ 0.046.
        double[] m = {1, -2, 0.5, 0};
        Random random = new Random(5);
        double[][] real = Gaussians.standard(random, 20_000, 4);
        double[][] generated = Gaussians.sample(random, 20_000, m, Gaussians.filled(4, 1));
        assertEquals(5.25, Fid.between(real, generated), 0.15);
    }

    @Test
    void rankDeficientCovariancesGiveAFiniteAnswer() {
        // 5 samples in 10 dimensions: both covariances are singular. Their zero eigenvalues come out as rounding
        // noise of order ε‖Σ‖, whose square roots (order √ε) are why FID(A, A) is only zero to about 1e-7 here.
        Random random = new Random(6);
        FeatureStats a = FeatureStats.of(Gaussians.standard(random, 5, 10));
        FeatureStats b = FeatureStats.of(Gaussians.standard(random, 5, 10));
        assertEquals(0, Fid.between(a, a), 1e-6);
        double ab = Fid.between(a, b);
        assertTrue(Double.isFinite(ab) && ab > 0);
        assertEquals(ab, Fid.between(b, a), 1e-6);
    }

    @Test
    void sFidKeepsExactlyTheFirstSevenChannels() {
        // Inception's mixed_6/conv: 768 channels of 17×17, channel-major; sFID keeps 7·17·17 = 2023 features.
        int channels = 768;
        int hw = 17 * 17;
        double[][] maps = new double[2][channels * hw];
        for (double[] map : maps) for (int i = 0; i < map.length; i++) map[i] = i / hw;  // value = channel index
        double[][] kept = Fid.firstChannels(maps, channels, Fid.SFID_CHANNELS);
        assertEquals(2, kept.length);
        assertEquals(2023, kept[0].length);
        for (int i = 0; i < kept[0].length; i++) assertEquals(i / hw, kept[1][i], "channel of feature " + i);
        assertEquals(6, kept[0][2022]);
    }

    @Test
    void sFidKeepsSevenChannelsUnlessTheMapIsThinOrLarge() {
        assertEquals(7, Fid.sFidChannels(64, 7 * 7), "Fashion-MNIST features: 343 features");
        assertEquals(3, Fid.sFidChannels(3, 7 * 7), "a map with fewer channels keeps them all");
        assertEquals(2, Fid.sFidChannels(16, 14 * 14), "392 features; three channels would be 588 > 512");
        assertEquals(1, Fid.sFidChannels(64, 32 * 32), "one channel at least, even above the cap");
        assertThrows(IllegalArgumentException.class, () -> Fid.sFidChannels(0, 49));
        assertThrows(IllegalArgumentException.class, () -> Fid.sFidChannels(8, 0));
    }

    @Test
    void sFidIsTheFidFormulaOnSpatialFeatures() {
        Random random = new Random(7);
        FeatureStats a = FeatureStats.of(Fid.firstChannels(Gaussians.standard(random, 200, 40), 10, 7));
        FeatureStats b = FeatureStats.of(Fid.firstChannels(Gaussians.standard(random, 200, 40), 10, 7));
        assertEquals(28, a.dim());
        assertEquals(Fid.between(a, b), Fid.sFid(a, b));
    }

    @Test
    void rejectsMismatchedInputs() {
        FeatureStats a = new FeatureStats(new double[2], Gaussians.diagonal(1, 1), 10);
        FeatureStats b = new FeatureStats(new double[3], Gaussians.diagonal(1, 1, 1), 10);
        assertThrows(IllegalArgumentException.class, () -> Fid.between(a, b));
        assertThrows(IllegalArgumentException.class, () -> Fid.firstChannels(new double[2][10], 3, 1));
        assertThrows(IllegalArgumentException.class, () -> Fid.firstChannels(new double[2][10], 5, 6));
    }
}
