package io.guidestream.http;

import java.util.HashMap;
import java.util.Map;

/**
 * A token bucket per client: {@code rate} requests per second sustained, bursts of twice that. Idle clients are
 * forgotten, so the map stays as small as the set of recently active clients. Event-loop confined.
 */
final class RateLimiter {
    private final double rate;
    private final double burst;
    private final Map<String, Bucket> buckets = new HashMap<>();
    private long lastSweep = System.nanoTime();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    RateLimiter(double ratePerSecond) {
        this.rate = ratePerSecond;
        this.burst = Math.max(1, 2 * ratePerSecond);
    }

    double rate() {
        return rate;
    }

    boolean tryAcquire(String client) {
        long now = System.nanoTime();
        sweep(now);
        Bucket b = buckets.computeIfAbsent(client, k -> new Bucket(burst, now));
        b.tokens = Math.min(burst, b.tokens + (now - b.at) / 1e9 * rate);
        b.at = now;
        if (b.tokens < 1) return false;
        b.tokens -= 1;
        return true;
    }

    private void sweep(long now) {
        if (now - lastSweep < 10_000_000_000L) return;
        lastSweep = now;
        buckets.values().removeIf(b -> b.tokens + (now - b.at) / 1e9 * rate >= burst);
    }
}
