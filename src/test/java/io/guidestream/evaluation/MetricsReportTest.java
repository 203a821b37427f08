package io.guidestream.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MetricsReportTest {

    @Test
    void toStringIsOneShortLineAndOmitsMissingFigures() {
        MetricsReport full = new MetricsReport(12.3456, 3.21, 8.5, 0.051, 0.7, 0.55, 0.9812, 10_000);
        assertEquals("FID 12.346 sFID 3.210 IS 8.500±0.051 P 0.700 R 0.550 acc 0.981 n=10000", full.toString());
        MetricsReport bare = new MetricsReport(1, null, 2, 0, 0.5, 0.25, null, 100);
        assertEquals("FID 1.000 IS 2.000±0.000 P 0.500 R 0.250 n=100", bare.toString());
    }
}
