package io.guidestream.http;

import io.guidestream.config.LimitsConfig;

/**
 * What every {@code /ws/generate} connection shares: the limits, the meters, the job hub, the rate limiter, and the
 * connection guard that counts the socket against its client until it closes.
 */
record SocketServices(LimitsConfig limits, GatewayMetrics metrics, JobHub hub, RateLimiter rates,
        ConnectionGuard connections) {
}
