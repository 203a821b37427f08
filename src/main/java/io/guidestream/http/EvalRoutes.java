package io.guidestream.http;

import io.guidestream.app.AppConfig;
import io.guidestream.bus.Addresses;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.EvalCommand;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.JobProgress;
import io.guidestream.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * {@code /api/eval}: start, poll and cancel evaluation jobs on the evaluator, over the bus. Job ids start with
 * {@code e-}, which is how {@code /ws/jobs/{id}} knows to ask the evaluator for the current state.
 */
final class EvalRoutes {
    private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(10_000);
    private final Vertx vertx;
    private final GenerateRequest.Limits limits;

    EvalRoutes(Vertx vertx, AppConfig.Limits limits) {
        this.vertx = vertx;
        this.limits = new GenerateRequest.Limits(limits.maxSteps(), limits.maxBatch());
    }

    void submit(RoutingContext ctx) {
        EvalCommand cmd;
        try {
            cmd = EvalRequest.parse(Json.MAPPER.readTree(ctx.body().asString()), "e-" + UUID.randomUUID(), limits);
        } catch (BadRequestException e) {
            Replies.error(ctx, ErrorCode.BAD_REQUEST, e.getMessage());
            return;
        } catch (Exception e) {
            Replies.error(ctx, ErrorCode.BAD_REQUEST, "malformed JSON body: " + e.getMessage());
            return;
        }
        ask(ctx, Addresses.EVAL_SUBMIT, cmd, 202);
    }

    void status(RoutingContext ctx) {
        ask(ctx, Addresses.EVAL_STATUS, ctx.pathParam("id"), 200);
    }

    void cancel(RoutingContext ctx) {
        ask(ctx, Addresses.EVAL_CANCEL, ctx.pathParam("id"), 200);
    }

    private void ask(RoutingContext ctx, String address, Object body, int okStatus) {
        vertx.eventBus().request(address, body, TIMEOUT).onSuccess(reply -> {
            if (reply.body() instanceof JobProgress p) Replies.json(ctx, okStatus, p);
            else if (reply.body() instanceof JobEvent.Failed f) Replies.failed(ctx, f);
        }).onFailure(t -> Replies.unavailable(ctx, t, "evaluator"));
    }
}
