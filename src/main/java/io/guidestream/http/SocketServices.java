package io.guidestream.http;

import io.guidestream.app.AppConfig;

/** What every {@code /ws/generate} connection shares: the limits, the meters, the job hub and the rate limiter. */
record SocketServices(AppConfig.Limits limits, GatewayMetrics metrics, JobHub hub, RateLimiter rates) {
}
