package io.guidestream.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** {@code sampler.device}: written in lower case in JSON and the environment. */
public enum DeviceChoice {
    AUTO, CPU, GPU;

    @JsonCreator
    public static DeviceChoice parse(String name) {
        for (DeviceChoice d : values()) if (d.name().equalsIgnoreCase(name.trim())) return d;
        throw new IllegalArgumentException("sampler.device must be auto, cpu or gpu, got '" + name + "'");
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
