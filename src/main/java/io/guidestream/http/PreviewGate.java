package io.guidestream.http;

import io.guidestream.bus.PreviewKind;
import io.guidestream.bus.StepFrame;
import io.vertx.core.http.ServerWebSocket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Back-pressure for previews. While the socket's write queue is full, intermediate previews wait in one slot per
 * (job, kind, item), and a newer preview replaces the unsent one (counted as dropped); the slot is flushed when the
 * queue drains. The final step's images are always written. The sampler never waits for a client.
 */
final class PreviewGate {
    private final ServerWebSocket ws;
    private final GatewayMetrics metrics;
    private final Map<String, Pending> waiting = new LinkedHashMap<>();

    private record Pending(StepFrame frame, StepFrame.Preview preview) {
    }

    private final long slowClientTimeoutMs;
    private long fullSince;

    private final Runnable onCutOff;

    /**
     * @param slowClientTimeoutMs how long the send queue may stay full before the socket is closed
     * @param onCutOff            runs when the gate closes a slow socket, without waiting for the close handshake
     *                            (a client that reads nothing never answers it)
     */
    PreviewGate(ServerWebSocket ws, GatewayMetrics metrics, long slowClientTimeoutMs, Runnable onCutOff) {
        this.ws = ws;
        this.onCutOff = onCutOff;
        this.metrics = metrics;
        this.slowClientTimeoutMs = slowClientTimeoutMs;
        ws.drainHandler(v -> {
            fullSince = 0;
            flush();
        });
    }

    /**
     * Writes or holds the frame's previews. Nothing once the socket is closing: Vert.x marks it closed as soon as a
     * close frame has gone either way (the close handler runs later, when the connection is gone), and from then on
     * {@code writeQueueFull()} throws.
     */
    void offer(StepFrame f) {
        if (ws.isClosed() || tooSlow()) return;
        boolean last = f.step() == f.of();
        for (StepFrame.Preview p : f.images()) {
            String key = f.jobId() + "/" + p.kind() + "/" + p.index();
            if (last || (!ws.writeQueueFull() && waiting.isEmpty())) {
                waiting.remove(key);
                ws.write(WireFormat.image(f, p));
            } else if (waiting.put(key, new Pending(f, p)) != null) {
                metrics.previewDropped();
            }
        }
    }

    /**
     * A client whose send queue has stayed full for {@code slowClientTimeoutMs} is not reading: its socket is closed
     * (1008) so that it cannot hold memory for ever. Its jobs then end, or wait for a resume if resumable.
     */
    private boolean tooSlow() {
        if (!ws.writeQueueFull()) {
            fullSince = 0;
            return false;
        }
        long now = System.currentTimeMillis();
        if (fullSince == 0) fullSince = now;
        if (now - fullSince < slowClientTimeoutMs) return false;
        if (!ws.isClosed()) {
            metrics.slowClientClosed();
            ws.close((short) 1008, "client too slow: nothing read for " + slowClientTimeoutMs / 1000 + " s");
            onCutOff.run();
        }
        return true;
    }

    private void flush() {
        if (ws.isClosed()) return;
        var it = waiting.values().iterator();
        while (it.hasNext() && !ws.writeQueueFull()) {
            Pending p = it.next();
            it.remove();
            ws.write(WireFormat.image(p.frame(), p.preview()));
        }
    }

    /** For tests: the kinds of previews waiting. */
    int waiting() {
        return waiting.size();
    }

    static String key(String jobId, PreviewKind kind, int index) {
        return jobId + "/" + kind + "/" + index;
    }
}
