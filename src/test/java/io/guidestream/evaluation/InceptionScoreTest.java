package io.guidestream.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InceptionScoreTest {

    /** n one-hot rows cycling through the classes, so every class is equally frequent. */
    private static double[][] confidentUniform(int n, int classes) {
        double[][] p = new double[n][classes];
        for (int i = 0; i < n; i++) p[i][i % classes] = 1;
        return p;
    }

    @Test
    void confidentPredictionsSpreadOverAllClassesScoreC() {
        InceptionScore is = InceptionScore.of(confidentUniform(1000, 10));
        assertEquals(10, is.mean(), 1e-12);
        assertEquals(0, is.std());
        assertEquals(1, is.splits());
    }

    @Test
    void identicalPredictionsScoreOne() {
        double[][] p = new double[300][];
        for (int i = 0; i < p.length; i++) p[i] = new double[] {0.7, 0.2, 0.1};
        assertEquals(1, InceptionScore.of(p).mean(), 1e-12);
    }

    @Test
    void twoRowsByHand() {
        // p1 = (1, 0), p2 = (½, ½): p̄ = (¾, ¼). KL1 = log(4/3) (the 0·log 0 term is 0);
        // KL2 = ½ log(⅔) + ½ log 2 = ½ log(4/3). IS = exp(¾ log(4/3)) = (4/3)^¾.
        InceptionScore is = InceptionScore.of(new double[][] {{1, 0}, {0.5, 0.5}});
        assertEquals(Math.pow(4.0 / 3, 0.75), is.mean(), 1e-14);
    }

    @Test
    void defaultSplitsAreChunksOf5000WithAShorterLastOne() {
        // 10,000 confident uniform rows (IS 10 per split) then 2,000 identical rows (IS 1): splits score 10, 10, 1.
        double[][] p = new double[12_000][];
        double[][] confident = confidentUniform(10_000, 10);
        System.arraycopy(confident, 0, p, 0, 10_000);
        for (int i = 10_000; i < p.length; i++) p[i] = confident[0];
        InceptionScore is = InceptionScore.of(p);
        assertEquals(3, is.splits());
        assertEquals(7, is.mean(), 1e-12);
        assertEquals(Math.sqrt((9 + 9 + 36) / 3.0), is.std(), 1e-12);  // population std of {10, 10, 1}
    }

    @Test
    void explicitSplitsCoverEveryRow() {
        // 1000 rows in 4 splits of 250 = 25 per class each: IS 10 in every split.
        InceptionScore is = InceptionScore.of(confidentUniform(1000, 10), 4);
        assertEquals(4, is.splits());
        assertEquals(10, is.mean(), 1e-12);
        assertEquals(0, is.std(), 1e-12);
        // 3 splits of 333/333/334 rows: the splits are no longer exactly balanced, so IS is just under 10.
        InceptionScore uneven = InceptionScore.of(confidentUniform(1000, 10), 3);
        assertEquals(10, uneven.mean(), 0.01);
        assertEquals(3, uneven.splits());
    }

    @Test
    void rejectsRowsThatAreNotProbabilities() {
        assertThrows(IllegalArgumentException.class, () -> InceptionScore.of(new double[][] {{2.0, -1.0}}));
        assertThrows(IllegalArgumentException.class, () -> InceptionScore.of(new double[][] {{0.5, 0.6}}));
        assertThrows(IllegalArgumentException.class, () -> InceptionScore.of(confidentUniform(10, 2), 11));
    }
}
