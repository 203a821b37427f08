package io.guidestream.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's meters, exported on {@code /metrics} (docs/ARCHITECTURE.md, Operations) and read by tests. Every
 * outcome's counter exists from the start, so a dashboard sees zeros rather than missing series.
 */
public final class GatewayMetrics {
    /** How a generation job that a sampler accepted can end. */
    public static final List<String> OUTCOMES = List.of("done", "cancelled", "failed", "abandoned", "lost");
    /** Why a connection or request was cut off before it was served ({@link ConnectionGuard}). */
    public static final List<String> CONNECTION_REFUSALS = List.of("client_limit", "headers_timeout", "body_timeout",
            "too_large");

    private final MeterRegistry registry;
    private final AtomicLong sockets = new AtomicLong();
    private final Counter previewsDropped;
    private final Counter jobsStarted;
    private final Counter slowClientsClosed;
    private final Map<String, Counter> jobsByOutcome = new LinkedHashMap<>();
    private final Map<String, Counter> connectionsRefused = new LinkedHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("guidestream.websocket.clients", sockets, AtomicLong::get).strongReference(true)
                .description("Open /ws/generate connections").register(registry);
        previewsDropped = Counter.builder("guidestream.preview.frames.dropped")
                .description("Intermediate previews replaced by a newer one before a slow client took them")
                .register(registry);
        jobsStarted = Counter.builder("guidestream.jobs.started").description("Generation jobs a sampler accepted")
                .register(registry);
        slowClientsClosed = Counter.builder("guidestream.websocket.slow.closed")
                .description("Sockets closed because the client did not read for limits.slowClientTimeoutMs")
                .register(registry);
        for (String outcome : OUTCOMES) {
            jobsByOutcome.put(outcome, Counter.builder("guidestream.jobs").tag("outcome", outcome)
                    .description("Generation jobs that ended, by outcome").register(registry));
        }
        for (String reason : CONNECTION_REFUSALS) {
            connectionsRefused.put(reason, Counter.builder("guidestream.connections.refused").tag("reason", reason)
                    .description("Connections closed or requests refused by the connection limits, by reason")
                    .register(registry));
        }
    }

    void connectionRefused(String reason) {
        connectionsRefused.get(reason).increment();
    }

    public long connectionsRefused(String reason) {
        return (long) connectionsRefused.get(reason).count();
    }

    void socketOpened() {
        sockets.incrementAndGet();
    }

    void socketClosed() {
        sockets.decrementAndGet();
    }

    void previewDropped() {
        previewsDropped.increment();
    }

    void slowClientClosed() {
        slowClientsClosed.increment();
    }

    public long slowClientsClosed() {
        return (long) slowClientsClosed.count();
    }

    void jobStarted() {
        jobsStarted.increment();
    }

    void jobEnded(String outcome) {
        Counter c = jobsByOutcome.get(outcome);
        if (c == null) throw new IllegalArgumentException("unknown outcome " + outcome);
        c.increment();
    }

    /**
     * A generation request refused: at the edge ({@code bad_request} for any malformed or invalid message,
     * {@code client_limit}, {@code socket_limit}, {@code rate_limit}) or by a sampler (its error code).
     */
    void jobRejected(String reason) {
        rejected(reason).increment();
    }

    public long jobsRejected(String reason) {
        return (long) rejected(reason).count();
    }

    private Counter rejected(String reason) {
        return Counter.builder("guidestream.jobs.rejected").tag("reason", reason)
                .description("Generation requests refused, by reason").register(registry);
    }

    public long previewsDropped() {
        return (long) previewsDropped.count();
    }

    public long jobsStarted() {
        return (long) jobsStarted.count();
    }

    public long jobsEnded(String outcome) {
        Counter c = jobsByOutcome.get(outcome);
        return c == null ? 0 : (long) c.count();
    }
}
