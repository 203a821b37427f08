package io.guidestream.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GradientSpikeGuardTest {

    @Test
    void noVerdictUntilThereIsHistoryThenTenTimesTheMedian() {
        GradientSpikeGuard guard = new GradientSpikeGuard();
        for (int i = 0; i < GradientSpikeGuard.MIN_HISTORY - 1; i++) {
            guard.record(0.05 + 0.001 * i);
            assertEquals(Double.POSITIVE_INFINITY, guard.limit(), "too little history after " + (i + 1) + " steps");
        }
        guard.record(0.05 + 0.001 * (GradientSpikeGuard.MIN_HISTORY - 1));
        // 20 norms 0.050 … 0.069: the median is the mean of the 10th and 11th, 0.0595.
        assertEquals(0.595, guard.limit(), 1e-12);
    }

    @Test
    void spikesDoNotRaiseTheBarButALastingShiftOfLevelDoes() {
        GradientSpikeGuard guard = new GradientSpikeGuard();
        for (int i = 0; i < GradientSpikeGuard.WINDOW; i++) guard.record(1.0);
        guard.record(1e12);
        guard.record(Double.POSITIVE_INFINITY);
        guard.record(Double.NaN);
        assertEquals(10.0, guard.limit(), 1e-12, "one spike and two non-finite norms leave the median at 1");
        for (int i = 0; i < GradientSpikeGuard.WINDOW / 2 + 1; i++) guard.record(3.0);
        assertEquals(30.0, guard.limit(), 1e-12, "once most of the window is at the new level, the bar follows");
    }
}
