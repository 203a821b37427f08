package io.guidestream.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.guidestream.json.Json;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureStatsTest {

    @Test
    void meanAndUnbiasedCovarianceMatchHandComputation() {
        // rows (1,2), (3,6), (5,4): μ = (3,4); centred (−2,−2), (0,2), (2,0); Σ = [[8,4],[4,8]]/(n−1 = 2).
        FeatureStats s = FeatureStats.of(new double[][] {{1, 2}, {3, 6}, {5, 4}});
        assertArrayEquals(new double[] {3, 4}, s.mean(), 1e-15);
        assertArrayEquals(new double[] {4, 2}, s.cov()[0], 1e-15);
        assertArrayEquals(new double[] {2, 4}, s.cov()[1], 1e-15);
        assertEquals(3, s.n());
        assertEquals(2, s.dim());
    }

    @Test
    void covarianceSurvivesALargeOffset() {
        // E[x²] − E[x]² would lose every digit at an offset of 1e9; centring first keeps them.
        double[][] x = {{1, 2}, {3, 6}, {5, 4}};
        for (double[] row : x) for (int j = 0; j < 2; j++) row[j] += 1e9;
        FeatureStats s = FeatureStats.of(x);
        assertArrayEquals(new double[] {1e9 + 3, 1e9 + 4}, s.mean(), 1e-6);
        assertArrayEquals(new double[] {4, 2}, s.cov()[0], 1e-6);
        assertArrayEquals(new double[] {2, 4}, s.cov()[1], 1e-6);
    }

    @Test
    void blockedAccumulationMatchesADirectTwoPassComputation() {
        double[][] x = Gaussians.sample(new Random(3), 700, new double[] {1, -2, 0, 5, 3},
                new double[] {1, 2, 0.5, 3, 1});
        for (double[] row : x) row[4] += 0.8 * row[3];  // some correlation
        FeatureStats s = FeatureStats.of(x);
        double[] mean = new double[5];
        for (double[] row : x) for (int j = 0; j < 5; j++) mean[j] += row[j] / x.length;
        for (int i = 0; i < 5; i++) {
            assertEquals(mean[i], s.mean()[i], 1e-12);
            for (int j = 0; j < 5; j++) {
                double c = 0;
                for (double[] row : x) c += (row[i] - mean[i]) * (row[j] - mean[j]);
                assertEquals(c / (x.length - 1), s.cov()[i][j], 1e-11, "cov[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void roundTripsThroughJsonForCaching() throws IOException {
        FeatureStats s = FeatureStats.of(Gaussians.standard(new Random(4), 50, 6));
        FeatureStats back = Json.read(Json.write(s), FeatureStats.class);
        assertEquals(s, back);
        assertEquals(s.hashCode(), back.hashCode());
    }

    @Test
    void rejectsTooFewSamplesAndMismatchedShapes() {
        assertThrows(IllegalArgumentException.class, () -> FeatureStats.of(new double[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> FeatureStats.of(new double[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureStats(new double[] {0, 0}, new double[][] {{1}}, 10));
        assertThrows(IllegalArgumentException.class,
                () -> FeatureStats.of(new double[][] {{1, Double.NaN}, {3, 4}}));
    }
}
