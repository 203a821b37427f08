package io.guidestream.config;

import java.util.List;

/**
 * {@code security}: access control (docs/SECURITY.md).
 *
 * @param token          when not empty, writes (training, evaluation, cancelling them, registry defaults) need it
 *                       as {@code Authorization: Bearer <token>} or, for browsers, {@code ?access_token=<token>}
 * @param protectReads   also require the token for generation, job progress and the model list
 * @param allowedOrigins origins (scheme://host:port) whose pages may write and open WebSockets besides the
 *                       gateway's own
 * @param gatewayWrites  accept writes on a gateway-only node (off by default: in a cluster, enable it on purpose)
 * @param allowedHosts   host names this service answers to besides {@code localhost} and IP addresses (the
 *                       Ingress host in Kubernetes); any other {@code Host} is refused, which defeats DNS rebinding
 */
public record SecurityConfig(String token, boolean protectReads, List<String> allowedOrigins, boolean gatewayWrites,
        List<String> allowedHosts) {
    public SecurityConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedHosts = List.copyOf(allowedHosts);
        if (token == null) throw new IllegalArgumentException("security.token must be a string (empty: off)");
        if (protectReads && token.isEmpty()) {
            throw new IllegalArgumentException("security.protectReads needs a security.token");
        }
    }

    public static SecurityConfig defaults() {
        return new SecurityConfig("", false, List.of(), false, List.of());
    }
}
