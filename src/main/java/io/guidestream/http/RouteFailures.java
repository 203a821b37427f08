package io.guidestream.http;

import io.guidestream.bus.ErrorCode;
import io.guidestream.config.HttpConfig;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.RoutingContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the router answers when no route does, or a handler failed: always a JSON error of the protocol, never an HTML
 * page. A client's fault (a body over the limit, a malformed request, a request it abandoned) is not the service's
 * and is not logged as an error; only a real failure inside a handler is, once, here.
 */
final class RouteFailures {
    private static final Logger LOG = Logger.getLogger(RouteFailures.class.getName());
    private final HttpConfig config;

    RouteFailures(HttpConfig config) {
        this.config = config;
    }

    /** The last {@code /api/*} route: a path or method that no API route takes. */
    void unknownApiRoute(RoutingContext ctx) {
        Replies.error(ctx, ErrorCode.NOT_FOUND, "no API route " + ctx.request().method() + " " + ctx.request().path()
                + " (docs/PROTOCOL.md lists them)");
    }

    /** The router's failure handler. */
    void failed(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().closed() || ctx.failure() instanceof HttpClosedException) {
            return; // the client went away mid-request: there is nobody to answer
        }
        int status = ctx.statusCode();
        if (status == ErrorCode.TOO_LARGE.httpStatus()) {
            Replies.errorAndClose(ctx, ErrorCode.TOO_LARGE, ConnectionGuard.tooLarge(config,
                    ModelUpload.isUpload(ctx.request())));
        } else if (status == 404 || status == 405) {
            Replies.error(ctx, ErrorCode.NOT_FOUND, "no route " + ctx.request().method() + " " + ctx.request().path());
        } else if (status >= 400 && status < 500) {
            Replies.error(ctx, ErrorCode.BAD_REQUEST, "malformed request (HTTP " + status + ")");
        } else {
            LOG.log(Level.WARNING, "request " + ctx.request().method() + " " + ctx.request().path() + " failed",
                    ctx.failure());
            Replies.error(ctx, ErrorCode.INTERNAL, "the request failed inside the service");
        }
    }
}
