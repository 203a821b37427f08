package io.guidestream.config;

/**
 * {@code limits}: request limits enforced at the edge.
 *
 * @param maxMessageBytes     largest WebSocket text message accepted
 * @param maxSteps            most sampler steps per request
 * @param maxBatch            most images per request
 * @param maxJobsPerSocket    most concurrent jobs on one WebSocket
 * @param reconnectGraceMs    how long a resumable job whose socket dropped keeps running, waiting for {@code resume}
 * @param maxJobsPerClient    most concurrent jobs of one client (its remote address) over all its connections
 * @param requestsPerSecond   sustained requests (WebSocket messages and REST writes) per client; twice as many
 *                            may come in a burst
 * @param slowClientTimeoutMs a socket whose send queue stays full this long is closed (its previews are already
 *                            being dropped; this bounds what a client that never reads can hold)
 */
public record LimitsConfig(int maxMessageBytes, int maxSteps, int maxBatch, int maxJobsPerSocket,
        long reconnectGraceMs, int maxJobsPerClient, double requestsPerSecond, long slowClientTimeoutMs) {
    public LimitsConfig {
        if (maxMessageBytes < 256) throw new IllegalArgumentException("limits.maxMessageBytes must be >= 256");
        if (maxSteps < 1 || maxSteps > 1000) throw new IllegalArgumentException("limits.maxSteps must be 1..1000");
        if (maxBatch < 1 || maxBatch > 256) throw new IllegalArgumentException("limits.maxBatch must be 1..256");
        if (maxJobsPerSocket < 1) throw new IllegalArgumentException("limits.maxJobsPerSocket must be >= 1");
        if (reconnectGraceMs < 0 || reconnectGraceMs > 600_000) {
            throw new IllegalArgumentException("limits.reconnectGraceMs must be 0..600000");
        }
        if (maxJobsPerClient < 1) throw new IllegalArgumentException("limits.maxJobsPerClient must be >= 1");
        if (!(requestsPerSecond > 0 && requestsPerSecond <= 10_000)) {
            throw new IllegalArgumentException("limits.requestsPerSecond must be in (0, 10000]");
        }
        if (slowClientTimeoutMs < 100 || slowClientTimeoutMs > 600_000) {
            throw new IllegalArgumentException("limits.slowClientTimeoutMs must be 100..600000");
        }
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(16 * 1024, 1000, 64, 8, 30_000, 16, 20, 30_000);
    }

    public LimitsConfig withReconnectGraceMs(long ms) {
        return new LimitsConfig(maxMessageBytes, maxSteps, maxBatch, maxJobsPerSocket, ms, maxJobsPerClient,
                requestsPerSecond, slowClientTimeoutMs);
    }

    public LimitsConfig withMaxJobsPerClient(int n) {
        return new LimitsConfig(maxMessageBytes, maxSteps, maxBatch, maxJobsPerSocket, reconnectGraceMs, n,
                requestsPerSecond, slowClientTimeoutMs);
    }

    public LimitsConfig withRequestsPerSecond(double rate) {
        return new LimitsConfig(maxMessageBytes, maxSteps, maxBatch, maxJobsPerSocket, reconnectGraceMs,
                maxJobsPerClient, rate, slowClientTimeoutMs);
    }

    public LimitsConfig withSlowClientTimeoutMs(long ms) {
        return new LimitsConfig(maxMessageBytes, maxSteps, maxBatch, maxJobsPerSocket, reconnectGraceMs,
                maxJobsPerClient, requestsPerSecond, ms);
    }
}
