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
import java.util.function.Consumer;

/** {@code /api/models}: the models samplers serve, each model's card and metrics, and its stored evaluations. */
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
        String name = name(ctx);
        if (name == null) return;
        Integer version = Replies.body(ctx, json -> {
            Fields f = new Fields(json, "");
            int v = (int) f.integer("version", -1, 1, Integer.MAX_VALUE);
            f.rejectUnknown();
            if (v < 0) throw new BadRequestException("version is required");
            return v;
        });
        if (version == null) return;
        askRegistry(ctx, Addresses.REGISTRY_SET_DEFAULT, name + "/" + version,
                body -> reply(ctx, (ModelDocument) body));
    }

    /** {@code GET /api/models/{name}[?version=N]}: the card and the stored evaluation summaries. */
    void card(RoutingContext ctx) {
        String name = name(ctx);
        String version = name == null ? null : version(ctx);
        if (version == null) return;
        askRegistry(ctx, Addresses.REGISTRY_CARD, version.isEmpty() ? name : name + "/" + version,
                body -> reply(ctx, (ModelDocument) body));
    }

    /** {@code GET /api/models/{name}/evals/{key}[?version=N]}: one stored evaluation, as the evaluator wrote it. */
    void evalResult(RoutingContext ctx) {
        String name = name(ctx);
        String version = name == null ? null : version(ctx);
        if (version == null) return;
        askRegistry(ctx, Addresses.REGISTRY_EVAL, name + "/" + version + "/" + ctx.pathParam("key"),
                body -> Replies.json(ctx, 200, body));
    }

    /**
     * {@code DELETE /api/models/{name}/evals/{key}[?version=N]} (a write): removes an evaluation submitted through
     * {@code POST /api/eval}; the ones the registry ships with cannot be deleted (403).
     */
    void deleteEval(RoutingContext ctx) {
        String name = name(ctx);
        String version = name == null ? null : version(ctx);
        if (version == null) return;
        askRegistry(ctx, Addresses.REGISTRY_EVAL_DELETE, name + "/" + version + "/" + ctx.pathParam("key"),
                body -> Replies.json(ctx, 200, body));
    }

    /**
     * The {@code name} path parameter, or null after answering 400 when it is not a registry name. The router decodes
     * {@code %2F}, so without this check {@code fashion-cond%2F3} would reach the registry as a name and a version.
     */
    private static String name(RoutingContext ctx) {
        try {
            return Fields.checkRegistryName(ctx.pathParam("name"), "name");
        } catch (BadRequestException e) {
            Replies.error(ctx, ErrorCode.BAD_REQUEST, e.getMessage());
            return null;
        }
    }

    /** The {@code version} query parameter ("" when absent), or null after answering 400 when it is not 1.. . */
    private static String version(RoutingContext ctx) {
        String v = ctx.queryParams().get("version");
        if (v == null) return "";
        try {
            if (Integer.parseInt(v) >= 1) return v;
        } catch (NumberFormatException e) {
            // answered below
        }
        Replies.error(ctx, ErrorCode.BAD_REQUEST, "version must be an integer 1.." + Integer.MAX_VALUE + ", got '" + v
                + "'");
        return null;
    }

    /** Asks the registry verticle; its failures and an absent registry become error replies. */
    private void askRegistry(RoutingContext ctx, String address, String key, Consumer<Object> onReply) {
        vertx.eventBus().request(address, key, TIMEOUT).onSuccess(reply -> {
            if (reply.body() instanceof JobEvent.Failed f) Replies.failed(ctx, f);
            else onReply.accept(reply.body());
        }).onFailure(t -> Replies.unavailable(ctx, t, "registry"));
    }

    /** {@code {"card": model.json, "metrics": metrics.json, "submittedMetrics": submitted/metrics.json}}. */
    private static void reply(RoutingContext ctx, ModelDocument d) {
        try {
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.set("card", Json.MAPPER.readTree(d.cardJson()));
            out.set("metrics", Json.MAPPER.readTree(d.metricsJson()));
            out.set("submittedMetrics", Json.MAPPER.readTree(d.submittedMetricsJson()));
            Replies.json(ctx, 200, out.toString());
        } catch (Exception e) {
            Replies.error(ctx, ErrorCode.INTERNAL, "unreadable card: " + e.getMessage());
        }
    }
}
