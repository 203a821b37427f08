package io.guidestream.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.JobEvent;
import io.guidestream.json.Json;
import io.vertx.ext.web.RoutingContext;

/** JSON replies and the one mapping from error codes to HTTP statuses. */
final class Replies {
    private static final com.fasterxml.jackson.databind.ObjectWriter COMPACT = Json.MAPPER.writer()
            .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    private Replies() {
    }

    static void json(RoutingContext ctx, int status, Object body) {
        String text;
        try {
            text = body instanceof String s ? s : COMPACT.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(text);
    }

    static void error(RoutingContext ctx, ErrorCode code, String message) {
        json(ctx, code.httpStatus(), errorBody(code, message));
    }

    /**
     * An error after which the connection is closed, because the rest of the request would otherwise be waited for
     * (a body over the limit, or one that is too slow): the client reads the answer, then the socket goes.
     */
    static void errorAndClose(RoutingContext ctx, ErrorCode code, String message) {
        ctx.response().setStatusCode(code.httpStatus()).putHeader("content-type", "application/json")
                .putHeader("connection", "close").end(errorBody(code, message))
                .onComplete(ar -> ctx.request().connection().close());
    }

    private static String errorBody(ErrorCode code, String message) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("code", code.name()).put("message", message);
        return o.toString();
    }

    /** Reads a request body as JSON. */
    interface BodyReader<T> {
        T read(com.fasterxml.jackson.databind.JsonNode body);
    }

    /**
     * The request body read by {@code reader}, or null after answering 400: naming the field for a
     * {@link BadRequestException}, "malformed JSON body" for anything that is not JSON.
     */
    static <T> T body(RoutingContext ctx, BodyReader<T> reader) {
        com.fasterxml.jackson.databind.JsonNode json;
        try {
            json = Json.MAPPER.readTree(ctx.body().asString());
        } catch (Exception e) {
            error(ctx, ErrorCode.BAD_REQUEST, "malformed JSON body: " + e.getMessage());
            return null;
        }
        try {
            return reader.read(json);
        } catch (BadRequestException e) {
            error(ctx, ErrorCode.BAD_REQUEST, e.getMessage());
            return null;
        }
    }

    static void failed(RoutingContext ctx, JobEvent.Failed f) {
        error(ctx, f.code(), f.message());
    }

    /** A failed bus request: nobody serves the address, or it timed out. */
    static void unavailable(RoutingContext ctx, Throwable t, String role) {
        BusFailure failure = BusFailure.of(t);
        error(ctx, failure.code(), failure.message(role, t));
    }
}
