package io.guidestream.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guidestream.bus.Addresses;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.ModelDocument;
import io.guidestream.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/models}: the models samplers serve, and each model's card and metrics. */
final class ModelRoutes {
    private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(5_000);
    private final Vertx vertx;
    private final SamplerDirectory directory;

    ModelRoutes(Vertx vertx, SamplerDirectory directory) {
        this.vertx = vertx;
        this.directory = directory;
    }

    /** The models the samplers serve, as they advertise them. */
    void list(RoutingContext ctx) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode arr = out.putArray("models");
        directory.models().forEach(m -> arr.add(Json.MAPPER.<ObjectNode>valueToTree(m)));
        Replies.json(ctx, 200, out.toString());
    }

    /** {@code PUT /api/models/{name}/default} with {@code {"version": N}}: samplers hot-load it. */
    void setDefault(RoutingContext ctx) {
        int version;
        try {
            Fields f = new Fields(Json.MAPPER.readTree(ctx.body().asString()), "");
            version = (int) f.integer("version", -1, 1, Integer.MAX_VALUE);
            f.rejectUnknown();
            if (version < 0) throw new BadRequestException("version is required");
        } catch (BadRequestException e) {
            Replies.error(ctx, ErrorCode.BAD_REQUEST, e.getMessage());
            return;
        } catch (Exception e) {
            Replies.error(ctx, ErrorCode.BAD_REQUEST, "malformed JSON body: " + e.getMessage());
            return;
        }
        String key = ctx.pathParam("name") + "/" + version;
        vertx.eventBus().request(Addresses.REGISTRY_SET_DEFAULT, key, TIMEOUT).onSuccess(reply -> {
            if (reply.body() instanceof JobEvent.Failed f) Replies.failed(ctx, f);
            else reply(ctx, (ModelDocument) reply.body());
        }).onFailure(t -> Replies.unavailable(ctx, t, "registry"));
    }

    void card(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        String version = ctx.queryParams().get("version");
        String key = version == null ? name : name + "/" + version;
        vertx.eventBus().request(Addresses.REGISTRY_CARD, key, TIMEOUT).onSuccess(reply -> {
            if (reply.body() instanceof JobEvent.Failed f) Replies.failed(ctx, f);
            else reply(ctx, (ModelDocument) reply.body());
        }).onFailure(t -> Replies.unavailable(ctx, t, "registry"));
    }

    /** {@code GET /api/models/{name}/evals/{key}[?version=N]}: one stored evaluation result, as the evaluator wrote it. */
    void evalResult(RoutingContext ctx) {
        String version = ctx.queryParams().get("version");
        String key = ctx.pathParam("name") + "/" + (version == null ? "" : version) + "/" + ctx.pathParam("key");
        vertx.eventBus().request(Addresses.REGISTRY_EVAL, key, TIMEOUT).onSuccess(reply -> {
            if (reply.body() instanceof JobEvent.Failed f) Replies.failed(ctx, f);
            else Replies.json(ctx, 200, reply.body());
        }).onFailure(t -> Replies.unavailable(ctx, t, "registry"));
    }

    /** {@code {"card": model.json, "metrics": metrics.json}}. */
    private static void reply(RoutingContext ctx, ModelDocument d) {
        try {
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.set("card", Json.MAPPER.readTree(d.cardJson()));
            out.set("metrics", Json.MAPPER.readTree(d.metricsJson()));
            Replies.json(ctx, 200, out.toString());
        } catch (Exception e) {
            Replies.error(ctx, ErrorCode.INTERNAL, "unreadable card: " + e.getMessage());
        }
    }
}
