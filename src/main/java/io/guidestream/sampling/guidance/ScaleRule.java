package io.guidestream.sampling.guidance;


/** How strongly to guide each item, from the classifier's reading (no gradient flows through a scale). */
public interface ScaleRule {
    double[] scales(ClassifierReading reading);
}
