package io.guidestream.bus;

/**
 * A TorchScript file imported as a new version.
 *
 * @param document    its card (and empty metrics)
 * @param madeDefault whether it became the default
 * @param decision    why it is or is not the default, in a line
 */
public record ImportResult(ModelDocument document, boolean madeDefault, String decision) {
}
