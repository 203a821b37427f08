package io.guidestream.client;

import java.util.Locale;

/** {@code guidance.method}: how the classifier steers the sampler (docs/PROTOCOL.md, "Guidance methods"). */
public enum GuidanceMethod {
    /** Unguided; the classifier still reports its view every step. */
    NONE,
    /** ADM classifier guidance with a constant scale. */
    CLASSIFIER,
    /** ED-DPM: the scale follows the classifier's entropy. */
    ENTROPY,
    /** Density-aware tail sampling: class gradient, gated entropy ascent and an x̂0 pull. */
    TAIL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
