package io.guidestream.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.bus.Addresses;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.JobProgress;
import io.guidestream.bus.TrainCommand;
import io.guidestream.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** {@code /api/train}: start, poll and cancel training jobs on the trainer, over the bus. */
final class TrainingRoutes {
    private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(10_000);
    private final Vertx vertx;

    TrainingRoutes(Vertx vertx) {
        this.vertx = vertx;
    }

    void submit(RoutingContext ctx) {
        TrainCommand cmd;
        try {
            JsonNode body = Json.MAPPER.readTree(ctx.body().asString());
            cmd = TrainRequest.parse(body, "t-" + UUID.randomUUID());
        } catch (BadRequestException e) {
            Replies.error(ctx, io.guidestream.bus.ErrorCode.BAD_REQUEST, e.getMessage());
            return;
        } catch (Exception e) {
            Replies.error(ctx, io.guidestream.bus.ErrorCode.BAD_REQUEST, "malformed JSON body: " + e.getMessage());
            return;
        }
        ask(ctx, Addresses.TRAIN_SUBMIT, cmd, 202);
    }

    void status(RoutingContext ctx) {
        ask(ctx, Addresses.TRAIN_STATUS, ctx.pathParam("id"), 200);
    }

    void cancel(RoutingContext ctx) {
        ask(ctx, Addresses.TRAIN_CANCEL, ctx.pathParam("id"), 200);
    }

    private void ask(RoutingContext ctx, String address, Object body, int okStatus) {
        vertx.eventBus().request(address, body, TIMEOUT).onSuccess(reply -> {
            if (reply.body() instanceof JobProgress p) Replies.json(ctx, okStatus, p);
            else if (reply.body() instanceof JobEvent.Failed f) Replies.failed(ctx, f);
        }).onFailure(t -> Replies.unavailable(ctx, t, "trainer"));
    }
}
