package io.guidestream.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guidestream.bus.Addresses;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.ImportRefusal;
import io.guidestream.bus.ImportResult;
import io.guidestream.bus.ImportUpload;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.PublishMode;
import io.guidestream.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * {@code POST /api/models/{name}/versions}: a TorchScript file as the body ({@code application/octet-stream}, at most
 * {@code http.maxUploadBytes}), its import card as JSON in the {@code Guidestream-Card} header, {@code ?publish=default}
 * to make it the default. The gateway checks the name, the card's presence and size and holds at most
 * {@value #MAX_IN_FLIGHT} uploads in memory at once; a node that holds the registry checks and publishes the file
 * (docs/MODELS.md, docs/SECURITY.md). Both content types of the API need a CORS preflight, which this service never
 * grants, so no other site can make a browser upload.
 */
final class ModelUpload {
    static final String ROUTE = "/api/models/:name/versions";
    static final String CONTENT_TYPE = "application/octet-stream";
    static final String CARD_HEADER = "Guidestream-Card";
    static final int MAX_CARD_CHARS = 4096;
    /** Uploads held in memory at once by one gateway (each up to {@code http.maxUploadBytes}). */
    static final int MAX_IN_FLIGHT = 2;
    /** Validating a large network (loading it, three forward passes) may take minutes on a CPU. */
    private static final DeliveryOptions IMPORT_TIMEOUT = new DeliveryOptions().setSendTimeout(15 * 60_000);
    private static final Pattern PATH = Pattern.compile("/api/models/[^/]+/versions/?");

    private final Vertx vertx;
    private int inFlight;

    ModelUpload(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Whether {@code request} is an upload: its body has its own type, size limit and deadline. */
    static boolean isUpload(HttpServerRequest request) {
        return request.method() == HttpMethod.POST && PATH.matcher(request.path()).matches();
    }

    /** Before the body is read (after the token check): refuses an upload beyond {@link #MAX_IN_FLIGHT}. */
    void admit(RoutingContext ctx) {
        if (inFlight >= MAX_IN_FLIGHT) {
            Replies.errorAndClose(ctx, ErrorCode.CAPACITY, "at most " + MAX_IN_FLIGHT + " model uploads at a time;"
                    + " retry when one has finished");
            return;
        }
        inFlight++;
        ctx.addEndHandler(ar -> inFlight--);
        ctx.next();
    }

    /** The whole body has arrived: hands the file and card to the registry's importer. */
    void upload(RoutingContext ctx) {
        ImportUpload upload;
        try {
            upload = read(ctx);
        } catch (BadRequestException e) {
            Replies.error(ctx, ErrorCode.BAD_REQUEST, e.getMessage());
            return;
        }
        vertx.eventBus().request(Addresses.REGISTRY_IMPORT, upload, IMPORT_TIMEOUT)
                .onSuccess(reply -> answer(ctx, reply.body()))
                .onFailure(t -> Replies.unavailable(ctx, t, "registry importer (a node with the trainer role)"));
    }

    private static ImportUpload read(RoutingContext ctx) {
        String name = Fields.checkRegistryName(ctx.pathParam("name"), "name");
        String card = ctx.request().getHeader(CARD_HEADER);
        if (card == null || card.isBlank()) {
            throw new BadRequestException(CARD_HEADER + " is required: the import card as JSON (docs/MODELS.md)");
        }
        if (card.length() > MAX_CARD_CHARS) {
            throw new BadRequestException(CARD_HEADER + " must be at most " + MAX_CARD_CHARS + " characters, got "
                    + card.length());
        }
        String publish = ctx.queryParams().get("publish");
        if (publish != null && !publish.equals("version") && !publish.equals("default")) {
            throw new BadRequestException("publish must be version or default, got '" + publish + "'");
        }
        byte[] file = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        if (file.length == 0) throw new BadRequestException("the body must be the TorchScript file; it is empty");
        return new ImportUpload(name, card, "default".equals(publish) ? PublishMode.DEFAULT : PublishMode.VERSION,
                file);
    }

    private static void answer(RoutingContext ctx, Object reply) {
        if (reply instanceof ImportResult r) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            try {
                out.set("card", Json.MAPPER.readTree(r.document().cardJson()));
            } catch (Exception e) {
                Replies.error(ctx, ErrorCode.INTERNAL, "unreadable card: " + e.getMessage());
                return;
            }
            out.put("madeDefault", r.madeDefault()).put("defaultDecision", r.decision());
            Replies.json(ctx, 201, out.toString());
        } else if (reply instanceof ImportRefusal r) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            ErrorCode code = r.clientFault() ? ErrorCode.INVALID_MODEL : ErrorCode.INTERNAL;
            out.put("code", code.name()).put("problem", r.problem()).put("message", r.message());
            Replies.json(ctx, code.httpStatus(), out.toString());
        } else if (reply instanceof JobEvent.Failed f) {
            Replies.failed(ctx, f);
        } else {
            Replies.error(ctx, ErrorCode.INTERNAL, "unexpected answer from the registry: " + reply);
        }
    }
}
