package io.guidestream.http;

import java.util.HashMap;
import java.util.Map;

/**
 * Admission control per client (its remote address, or behind a trusted proxy its forwarded one): at most
 * {@code limit} of something at once. {@link JobHub} counts unfinished generation jobs over all the client's
 * connections, so that one client cannot take every sampler slot (a job counts from its start until it ends, including
 * while its socket is away within the reconnect grace); {@link ConnectionGuard} counts open connections. Event-loop
 * confined.
 */
final class ClientQuota {
    private final int limit;
    private final Map<String, Integer> active = new HashMap<>();

    ClientQuota(int limit) {
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    /** Counts one more job for {@code client}, unless it already has {@code limit}. */
    boolean tryAcquire(String client) {
        int n = active.getOrDefault(client, 0);
        if (n >= limit) return false;
        active.put(client, n + 1);
        return true;
    }

    void release(String client) {
        active.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    }

    int active(String client) {
        return active.getOrDefault(client, 0);
    }
}
