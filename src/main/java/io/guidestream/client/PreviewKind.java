package io.guidestream.client;

/** Which image a preview frame carries: the noisy state x_t, or the model's clean estimate x̂0. */
public enum PreviewKind {
    XT("xt"), X0("x0");

    private final String wire;

    PreviewKind(String wire) {
        this.wire = wire;
    }

    public String wireName() {
        return wire;
    }

    /** The kind for a wire name; throws {@link IllegalArgumentException} for anything else. */
    public static PreviewKind fromWire(String name) {
        for (PreviewKind k : values()) {
            if (k.wire.equals(name)) return k;
        }
        throw new IllegalArgumentException("unknown preview kind '" + name + "'");
    }
}
