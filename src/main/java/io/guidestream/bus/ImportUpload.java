package io.guidestream.bus;

/**
 * A TorchScript file uploaded to a gateway, on its way to a node that holds the registry (which validates and
 * publishes it). Within one JVM it travels by reference; between nodes as base64 in JSON.
 *
 * @param name     the registry name to publish under (checked at the edge)
 * @param cardJson the import card as the client sent it (parsed and checked where the file is)
 * @param publish  whether the new version also becomes the default
 * @param file     the file's bytes
 */
public record ImportUpload(String name, String cardJson, PublishMode publish, byte[] file) {
}
