package io.guidestream.bus;

/**
 * What a finished training job does in the registry: add a version and leave the default alone, or also make the new
 * version the default that every user gets, provided its held-out figures are not worse than the current default's.
 */
public enum PublishMode {
    VERSION("version"), DEFAULT("default");

    private final String wire;

    PublishMode(String wire) {
        this.wire = wire;
    }

    public String wireName() {
        return wire;
    }
}
