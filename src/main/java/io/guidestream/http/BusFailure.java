package io.guidestream.http;

import io.guidestream.bus.ErrorCode;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * What a failed event-bus request means to a client: the one mapping from Vert.x's {@link ReplyException} to the
 * wire's error codes (REST answers through {@link Replies}, job placement through {@link JobPlacer}). Nobody serving
 * the address, or nobody answering in time, is a capacity problem the client may retry; anything else is internal.
 */
enum BusFailure {
    /** No consumer is registered for the address (no node with that role, or the node is gone). */
    NO_HANDLERS(ErrorCode.CAPACITY),
    /** The request was delivered but not answered in time. */
    TIMEOUT(ErrorCode.CAPACITY),
    /** Anything else: the handler failed, or the failure is not the bus's. */
    OTHER(ErrorCode.INTERNAL);

    private final ErrorCode code;

    BusFailure(ErrorCode code) {
        this.code = code;
    }

    static BusFailure of(Throwable t) {
        if (t instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS) return NO_HANDLERS;
        if (t instanceof ReplyException r && r.failureType() == ReplyFailure.TIMEOUT) return TIMEOUT;
        return OTHER;
    }

    ErrorCode code() {
        return code;
    }

    /** The message for a request to {@code role} that failed with {@code t}. */
    String message(String role, Throwable t) {
        return switch (this) {
            case NO_HANDLERS -> "no " + role + " is available";
            case TIMEOUT -> "the " + role + " did not answer in time";
            case OTHER -> role + " request failed: " + t.getMessage();
        };
    }
}
