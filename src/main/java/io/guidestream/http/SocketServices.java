package io.guidestream.http;

import io.guidestream.app.AppConfig;

/**
 * What every {@code /ws/generate} connection shares: the limits, the meters, the job hub, the rate limiter, and the
 * connection guard that counts the socket against its client until it closes.
 */
record SocketServices(AppConfig.Limits limits, GatewayMetrics metrics, JobHub hub, RateLimiter rates,
        ConnectionGuard connections) {
}
