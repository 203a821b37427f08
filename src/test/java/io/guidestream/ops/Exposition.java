package io.guidestream.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

/** A parsed Prometheus text exposition: each sample line as {@code name{labels}} → value. */
final class Exposition {
    private final String text;
    private final Map<String, Double> samples = new LinkedHashMap<>();

    Exposition(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
    }

    /** The value of the sample {@code series} (e.g. {@code guidestream_jobs_total{outcome="done"}}); fails if absent. */
    double value(String series) {
        Double v = samples.get(series);
        assertTrue(v != null, "no sample " + series + " in\n" + names());
        return v;
    }

    /** Whether some sample's series starts with {@code prefix}. */
    boolean has(String prefix) {
        return samples.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    String names() {
        StringBuilder b = new StringBuilder();
        samples.keySet().stream().filter(k -> k.startsWith("guidestream") || k.startsWith("vertx"))
                .forEach(k -> b.append(k).append('\n'));
        return b.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
