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

    PreviewGate(ServerWebSocket ws, GatewayMetrics metrics) {
        this.ws = ws;
        this.metrics = metrics;
        ws.drainHandler(v -> flush());
    }

    void offer(StepFrame f) {
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

    private void flush() {
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
