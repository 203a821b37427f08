package io.guidestream.http;

import io.guidestream.bus.ErrorCode;
import io.guidestream.config.GatewayConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may do what at this gateway (docs/SECURITY.md). With a token configured, writes (training, evaluation, their
 * cancellation, registry defaults) need it as {@code Authorization: Bearer <token>} or, for browsers, the
 * {@code access_token} query parameter; with {@code protectReads} everything else does too. A gateway-only node
 * refuses writes unless enabled. What browsers may send from other sites is {@link CrossSiteGuard}'s concern.
 */
final class AccessPolicy {
    private final byte[] token;
    private final boolean protectReads;
    private final boolean writesEnabled;

    AccessPolicy(GatewayConfig config) {
        this.token = config.security().token().getBytes(StandardCharsets.UTF_8);
        this.protectReads = config.security().protectReads();
        this.writesEnabled = config.writesEnabled();
    }

    /** Route handler in front of every write. */
    void requireWrite(RoutingContext ctx) {
        if (!writesEnabled) {
            Replies.error(ctx, ErrorCode.FORBIDDEN, "training, evaluation and registry writes are disabled on this"
                    + " gateway-only node (security.gatewayWrites)");
        } else if (!authorized(ctx.request())) {
            Replies.error(ctx, ErrorCode.FORBIDDEN, missingToken());
        } else {
            ctx.next();
        }
    }

    /** Route handler in front of reads (the model list, job progress, generation) when reads are protected. */
    void requireRead(RoutingContext ctx) {
        if (protectReads && !authorized(ctx.request())) Replies.error(ctx, ErrorCode.FORBIDDEN, missingToken());
        else ctx.next();
    }

    boolean authorized(HttpServerRequest request) {
        if (token.length == 0) return true;
        String presented = null;
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) presented = header.substring(7).trim();
        if (presented == null) presented = request.getParam("access_token");
        // Constant-time comparison: the time taken does not reveal how much of a guess was right.
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String missingToken() {
        return "a valid access token is required (Authorization: Bearer <token>, or access_token=<token>)";
    }
}
