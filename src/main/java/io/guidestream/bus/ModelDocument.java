package io.guidestream.bus;

/**
 * A model card as a gateway serves it: the card and the stored metrics as JSON documents. The gateway passes them
 * through without interpreting the architecture, so the web tier never needs the network types.
 */
public record ModelDocument(String name, int version, String cardJson, String metricsJson) {
}
