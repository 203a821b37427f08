package io.guidestream.config;

/**
 * {@code ops}: the operations endpoints ({@code /metrics}, {@code /health/live}, {@code /health/ready}) of a node that
 * runs no gateway: samplers, trainers and evaluators serve them on this port. A gateway serves them on its main port.
 *
 * @param host bind address
 * @param port port (0 = any free port)
 */
public record OpsConfig(String host, int port) {
    public OpsConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("ops.port must be 0..65535, got " + port);
    }

    public static OpsConfig defaults() {
        return new OpsConfig("0.0.0.0", 9090);
    }
}
