package io.guidestream.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClassAccuracyTest {

    @Test
    void countsArgmaxMatchesWithTiesToTheLowestClass() {
        double[][] p = {
            {0.1, 0.8, 0.1},   // argmax 1, asked 1: right
            {0.6, 0.3, 0.1},   // argmax 0, asked 2: wrong
            {0.4, 0.4, 0.2},   // tie → 0, asked 0: right
            {0.2, 0.3, 0.5},   // argmax 2, asked 2: right
        };
        assertEquals(0.75, ClassAccuracy.of(p, new int[] {1, 2, 0, 2}), 0);
        assertEquals(0, ClassAccuracy.argmax(p[2]));
    }

    @Test
    void rejectsLabelsThatDoNotFit() {
        double[][] p = {{0.5, 0.5}};
        assertThrows(IllegalArgumentException.class, () -> ClassAccuracy.of(p, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> ClassAccuracy.of(p, new int[] {2}));
    }
}
