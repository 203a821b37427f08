package io.guidestream.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters the gateway keeps (exported on /metrics by the metrics issue; read by tests now). */
public final class GatewayMetrics {
    private final AtomicLong sockets = new AtomicLong();
    private final AtomicLong previewsDropped = new AtomicLong();
    private final AtomicLong jobsStarted = new AtomicLong();
    private final Map<String, AtomicLong> jobsByOutcome = new ConcurrentHashMap<>();

    void socketOpened() {
        sockets.incrementAndGet();
    }

    void socketClosed() {
        sockets.decrementAndGet();
    }

    void previewDropped() {
        previewsDropped.incrementAndGet();
    }

    void jobStarted() {
        jobsStarted.incrementAndGet();
    }

    void jobEnded(String outcome) {
        jobsByOutcome.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    }

    public long openSockets() {
        return sockets.get();
    }

    public long previewsDropped() {
        return previewsDropped.get();
    }

    public long jobsStarted() {
        return jobsStarted.get();
    }

    public long jobsEnded(String outcome) {
        AtomicLong n = jobsByOutcome.get(outcome);
        return n == null ? 0 : n.get();
    }
}
