package io.guidestream.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.bus.Addresses;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.JobProgress;
import io.guidestream.config.LimitsConfig;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * {@code /api/train} and {@code /api/eval}: start, poll and cancel long jobs on the trainer or the evaluator, over
 * the bus. The body is parsed and validated here (a 400 names the field); ids start with {@code t-} or {@code e-},
 * which is how {@code /ws/jobs/{id}} knows whom to ask for the current state.
 */
final class JobRoutes {
    private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(10_000);

    /** Turns a request body into the bus command for a new job with the given id. */
    interface Parser {
        Object parse(JsonNode body, String jobId);
    }

    private final Vertx vertx;
    private final String role;
    private final String idPrefix;
    private final Parser parser;
    private final String submit;
    private final String status;
    private final String cancel;

    private JobRoutes(Vertx vertx, String role, String idPrefix, Parser parser, String submit, String status,
            String cancel) {
        this.vertx = vertx;
        this.role = role;
        this.idPrefix = idPrefix;
        this.parser = parser;
        this.submit = submit;
        this.status = status;
        this.cancel = cancel;
    }

    static JobRoutes training(Vertx vertx) {
        return new JobRoutes(vertx, "trainer", "t-", TrainRequest::parse, Addresses.TRAIN_SUBMIT,
                Addresses.TRAIN_STATUS, Addresses.TRAIN_CANCEL);
    }

    static JobRoutes evaluation(Vertx vertx, LimitsConfig limits) {
        var sampling = new GenerateRequest.Limits(limits.maxSteps(), limits.maxBatch());
        return new JobRoutes(vertx, "evaluator", "e-", (body, id) -> EvalRequest.parse(body, id, sampling),
                Addresses.EVAL_SUBMIT, Addresses.EVAL_STATUS, Addresses.EVAL_CANCEL);
    }

    void submit(RoutingContext ctx) {
        Object cmd = Replies.body(ctx, json -> parser.parse(json, idPrefix + UUID.randomUUID()));
        if (cmd != null) ask(ctx, submit, cmd, 202);
    }

    void status(RoutingContext ctx) {
        ask(ctx, status, ctx.pathParam("id"), 200);
    }

    void cancel(RoutingContext ctx) {
        ask(ctx, cancel, ctx.pathParam("id"), 200);
    }

    private void ask(RoutingContext ctx, String address, Object body, int okStatus) {
        vertx.eventBus().request(address, body, TIMEOUT).onSuccess(reply -> {
            if (reply.body() instanceof JobProgress p) Replies.json(ctx, okStatus, p);
            else if (reply.body() instanceof JobEvent.Failed f) Replies.failed(ctx, f);
        }).onFailure(t -> Replies.unavailable(ctx, t, role));
    }
}
