package io.guidestream.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MeanEntropyTest {

    @Test
    void uniformIsLogCOneHotIsZeroAndTheMeanAverages() {
        double[] uniform = {0.25, 0.25, 0.25, 0.25};
        double[] oneHot = {0, 0, 1, 0};
        assertEquals(Math.log(4), MeanEntropy.entropy(uniform), 1e-15);
        assertEquals(0, MeanEntropy.entropy(oneHot));  // 0·log 0 = 0, not NaN
        // (log 4 + 0 + log 2) / 3, the last row being (½, ½, 0, 0).
        double[][] rows = {uniform, oneHot, {0.5, 0.5, 0, 0}};
        assertEquals((Math.log(4) + Math.log(2)) / 3, MeanEntropy.of(rows), 1e-15);
    }
}
