package io.guidestream.bus;

/** Guidance a request can name ({@code guidance.method}). */
public enum GuidanceMethod {
    /** Unguided sampling (telemetry still reports the classifier's view). */
    NONE,
    /** ADM classifier guidance with a constant scale. */
    CLASSIFIER,
    /** ED-DPM: classifier guidance with the entropy-driven per-sample scale s·log C / H. */
    ENTROPY,
    /** Density-aware tail guidance (entropy ascent, gated) with the x̂0 pull, on x_t. */
    TAIL;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
