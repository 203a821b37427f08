package io.guidestream.diffusion;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The range of clean images x0 in a diffusion's own space: where x̂0 is clipped (ADM's {@code clip_denoised}) and what
 * the previews map to 0..255. Almost every diffusion model (guided-diffusion, diffusers, this project's) works in
 * [−1, 1]; a model trained on [0, 1] data is another diffusion (its signal-to-noise ratios differ), so it is sampled
 * in its own range rather than rescaled.
 */
public enum ValueRange {
    /** [−1, 1]: x = u8 / 127.5 − 1. */
    SIGNED(-1, 1, "-1..1"),
    /** [0, 1]: x = u8 / 255. */
    UNIT(0, 1, "0..1");

    private final float low;
    private final float high;
    private final String wire;
    /** 8-bit levels per unit: 127.5 for [−1, 1], so that the encoding is ALGORITHMS.md §0's to the bit. */
    private final float levelsPerUnit;

    ValueRange(float low, float high, String wire) {
        this.low = low;
        this.high = high;
        this.wire = wire;
        this.levelsPerUnit = 255f / (high - low);
    }

    public float low() {
        return low;
    }

    public float high() {
        return high;
    }

    /** A value of this range as an 8-bit level: clamp(round((x − low) / (high − low) · 255), 0, 255). */
    public int toByte(float x) {
        return (int) Math.max(0, Math.min(255, Math.round((x - low) * (double) levelsPerUnit)));
    }

    /** An 8-bit level back in this range (the inverse of {@link #toByte} up to rounding). */
    public float fromByte(int u8) {
        return u8 / levelsPerUnit + low;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ValueRange parse(String text) {
        for (ValueRange r : values()) if (r.wire.equals(text.trim())) return r;
        throw new IllegalArgumentException("valueRange must be \"-1..1\" or \"0..1\", got '" + text + "'");
    }
}
