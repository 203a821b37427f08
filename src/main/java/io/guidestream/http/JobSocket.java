package io.guidestream.http;

import io.guidestream.bus.Addresses;
import io.guidestream.bus.JobProgress;
import io.guidestream.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;

/**
 * {@code /ws/jobs/{id}}: streams a training or evaluation job's progress as JSON {@code progress} messages, starting
 * with its current state, and closes after the final one.
 */
final class JobSocket {
    private JobSocket() {
    }

    /** @param onClose runs when the socket closes */
    static void attach(Vertx vertx, ServerWebSocket ws, String jobId, Runnable onClose) {
        MessageConsumer<JobProgress> consumer = vertx.eventBus().consumer(Addresses.jobProgress(jobId),
                m -> send(ws, m.body()));
        ws.closeHandler(v -> {
            consumer.unregister();
            onClose.run();
        });
        String statusAddress = jobId.startsWith("e-") ? Addresses.EVAL_STATUS : Addresses.TRAIN_STATUS;
        consumer.completion().onComplete(r -> vertx.eventBus().request(statusAddress, jobId,
                new DeliveryOptions().setSendTimeout(10_000)).onComplete(ar -> {
                    if (ar.succeeded() && ar.result().body() instanceof JobProgress p) {
                        send(ws, p);
                    } else {
                        ws.writeTextMessage(WireFormat.error("", jobId, io.guidestream.bus.ErrorCode.NOT_FOUND,
                                "no job " + jobId));
                        ws.close();
                    }
                }));
    }

    private static void send(ServerWebSocket ws, JobProgress p) {
        if (ws.isClosed()) return;
        var node = Json.MAPPER.<com.fasterxml.jackson.databind.node.ObjectNode>valueToTree(p);
        node.put("type", "progress");
        ws.writeTextMessage(node.toString());
        if (p.finished()) ws.close();
    }
}
