package io.guidestream.bus;

/** Which images a step streams: the noisy state x_t or the model's clean estimate x̂0. */
public enum PreviewKind {
    XT("xt"), X0("x0");

    private final String wire;

    PreviewKind(String wire) {
        this.wire = wire;
    }

    public String wireName() {
        return wire;
    }

    public static PreviewKind fromWire(String s) {
        for (PreviewKind k : values()) if (k.wire.equals(s)) return k;
        throw new IllegalArgumentException("unknown preview kind '" + s + "'");
    }
}
