package io.guidestream.bus;

/**
 * A model card as a gateway serves it: the card and the stored metrics as JSON documents. The gateway passes them
 * through without interpreting the architecture, so the web tier never needs the network types.
 *
 * @param metricsJson          {@code metrics.json}: the evaluations the registry ships with ({@code eval} command)
 * @param submittedMetricsJson {@code submitted/metrics.json}: the evaluations submitted through {@code POST /api/eval}
 */
public record ModelDocument(String name, int version, String cardJson, String metricsJson,
        String submittedMetricsJson) {
}
