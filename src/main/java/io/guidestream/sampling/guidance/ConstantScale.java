package io.guidestream.sampling.guidance;

import java.util.Arrays;

/** ADM's guidance scale: the same s for every item and step. */
public record ConstantScale(double s) implements ScaleRule {
    @Override
    public double[] scales(ClassifierReading reading) {
        double[] out = new double[reading.size()];
        Arrays.fill(out, s);
        return out;
    }
}
