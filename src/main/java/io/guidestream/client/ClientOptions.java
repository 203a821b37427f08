package io.guidestream.client;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.Map;

/**
 * Where and how a {@link GuidestreamClient} connects, and how hard it tries again: reconnect attempt k (1-based)
 * waits {@code initialBackoff · 2^(k−1)}, at most {@code maxBackoff}, plus up to a quarter more at random so that
 * many clients that lost one server do not return in step. The defaults (8 attempts, 100 ms, 5 s) give up after
 * about 16 s, well inside the server's 30 s reconnect grace period, so that a resume that succeeds finds its job.
 */
record ClientOptions(String host, int port, boolean tls, String path, Map<String, String> headers,
        int maxReconnectAttempts, Duration initialBackoff, Duration maxBackoff, Duration connectTimeout) {
    static final String GENERATE_PATH = "/ws/generate";

    ClientOptions {
        headers = Map.copyOf(headers);
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535, got " + port);
        if (maxReconnectAttempts < 0) {
            throw new IllegalArgumentException("maxReconnectAttempts must be ≥ 0, got " + maxReconnectAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 ≤ initial ≤ max, got " + initialBackoff
                    + " and " + maxBackoff);
        }
    }

    /** A GET of {@code route} (starting with {@code /api/}) under the same path prefix, with the same headers. */
    RequestOptions get(String route) {
        String prefix = path.endsWith(GENERATE_PATH) ? path.substring(0, path.length() - GENERATE_PATH.length()) : "";
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port).setSsl(tls)
                .setURI(prefix + route).setConnectTimeout(connectTimeout.toMillis());
        headers.forEach(o::addHeader);
        return o;
    }

    WebSocketConnectOptions connectOptions() {
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost(host).setPort(port).setSsl(tls)
                .setURI(path);
        o.setConnectTimeout(connectTimeout.toMillis());
        headers.forEach(o::addHeader);
        return o;
    }

    /** The delay before reconnect attempt {@code attempt} (1-based). */
    long backoffMillis(int attempt, double random) {
        long base = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(Math.max(base, 0), maxBackoff.toMillis());
        return capped + (long) (capped * 0.25 * random);
    }

    String describe() {
        return (tls ? "wss://" : "ws://") + host + ":" + port + path;
    }
}
