package io.guidestream.config;

/**
 * What the gateway role receives: its server, the edge's limits, access control, and whether it is the node's only
 * role (a gateway-only node refuses writes unless {@code security.gatewayWrites}).
 */
public record GatewayConfig(HttpConfig http, LimitsConfig limits, SecurityConfig security, boolean gatewayOnly) {
    /** Whether this gateway accepts writes (training, evaluation, uploads, registry defaults). */
    public boolean writesEnabled() {
        return !gatewayOnly || security.gatewayWrites();
    }
}
