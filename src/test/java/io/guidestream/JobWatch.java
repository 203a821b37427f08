package io.guidestream;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Watches a training or evaluation job on {@code /ws/jobs/{id}}, as the web app does. */
public final class JobWatch {
    private JobWatch() {
    }

    /** Every progress message until the job completes, is cancelled or fails (at most {@code seconds} apart). */
    public static List<JsonNode> untilFinished(Vertx vertx, int port, String jobId, long seconds) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        LinkedBlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
        try {
            WebSocket ws = client.connect(port, "localhost", "/ws/jobs/" + jobId).toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            ws.textMessageHandler(t -> {
                try {
                    inbox.add(Json.MAPPER.readTree(t));
                } catch (Exception e) {
                    throw new IllegalStateException("invalid JSON from the server: " + t, e);
                }
            });
            List<JsonNode> out = new ArrayList<>();
            while (true) {
                JsonNode m = inbox.poll(seconds, TimeUnit.SECONDS);
                if (m == null) throw new AssertionError("no progress within " + seconds + " s; got " + out);
                out.add(m);
                if (m.path("state").asText().matches("completed|cancelled|failed")) return out;
            }
        } finally {
            client.close();
        }
    }
}
