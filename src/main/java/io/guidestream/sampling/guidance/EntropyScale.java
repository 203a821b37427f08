package io.guidestream.sampling.guidance;


/**
 * ED-DPM's entropy-driven scale (Zheng et al. 2022, EDS): s_EDS = s · log C / max(H, h_min), per item. A confident
 * classifier (low H) has a vanishing gradient; dividing by the normalised entropy keeps guidance alive. Uniform
 * predictions (H = log C) give exactly s. The floor h_min is our guard (the official code has none).
 */
public record EntropyScale(double s, double hMin) implements ScaleRule {
    @Override
    public double[] scales(ClassifierReading reading) {
        double logC = Math.log(reading.numClasses());
        double[] out = new double[reading.size()];
        for (int i = 0; i < out.length; i++) out[i] = s * logC / Math.max(reading.entropy()[i], hMin);
        return out;
    }
}
