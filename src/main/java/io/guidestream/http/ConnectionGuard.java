package io.guidestream.http;

import io.guidestream.bus.ErrorCode;
import io.guidestream.config.HttpConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/**
 * What one client may hold of the gateway's connections, and for how long a connection may hold back its request
 * (docs/SECURITY.md, "Connections"). Every limit is in {@code http.*}:
 *
 * <ul>
 *   <li>at most {@code maxConnectionsPerClient} open connections per client address; one more is closed at once.
 *       Behind a trusted proxy every connection comes from the proxy, which buffers requests and times out slow
 *       clients itself, so there the cap counts each forwarded client's WebSockets instead (answered CAPACITY);</li>
 *   <li>a request's headers must be complete {@code headersTimeoutMs} after its connection opened, or after the
 *       previous response on it ended (a trusted proxy's kept-alive connections wait for the idle timeout instead);</li>
 *   <li>its body must be complete {@code bodyTimeoutMs} after its headers (408, and the connection closes);</li>
 *   <li>a declared {@code Content-Length} over {@code maxBodyBytes} is refused before a byte of it is read (413).</li>
 *   <li>a model upload ({@link ModelUpload}) has {@code maxUploadBytes} and {@code uploadTimeoutMs} instead.</li>
 * </ul>
 *
 * The idle timeout itself is the server's ({@code HttpServerOptions}); WebSockets are pinged three times per idle
 * period, so a live client's pong keeps them open while one that answers nothing is closed. Event-loop confined.
 */
final class ConnectionGuard {
    /** One plain HTTP connection: whose it is (null when connections are not counted) and its headers deadline. */
    private static final class Tracked {
        final String client;
        long headersTimer = -1;

        Tracked(String client) {
            this.client = client;
        }
    }

    private final Vertx vertx;
    private final HttpConfig config;
    private final GatewayMetrics metrics;
    private final ClientQuota quota;
    private final boolean behindProxy;
    private final Map<HttpConnection, Tracked> connections = new HashMap<>();
    /** Upgraded connections: the client each one counts against (counted connections and proxied WebSockets). */
    private final Map<ServerWebSocket, String> sockets = new HashMap<>();

    ConnectionGuard(Vertx vertx, HttpConfig config, GatewayMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.metrics = metrics;
        this.quota = new ClientQuota(config.maxConnectionsPerClient());
        this.behindProxy = config.trustForwardedHeaders();
    }

    /** The server's connection handler: counts the connection against its client and starts the headers clock. */
    void connected(HttpConnection conn) {
        String client = behindProxy ? null : conn.remoteAddress() == null ? "unknown" : conn.remoteAddress().host();
        if (client != null && !quota.tryAcquire(client)) {
            metrics.connectionRefused("client_limit");
            conn.close();
            return;
        }
        Tracked tracked = new Tracked(client);
        connections.put(conn, tracked);
        armHeadersDeadline(conn, tracked);
        // Not called once the connection is a WebSocket (Vert.x hands the channel over): closed(ws) takes over.
        conn.closeHandler(v -> {
            Tracked gone = connections.remove(conn);
            if (gone != null) release(gone);
        });
    }

    /**
     * The router's first handler: the headers have arrived. A declared body over the limit is refused before it is
     * read; the rest of the body gets its deadline; a plain request's connection gets a new headers deadline once its
     * response has ended.
     */
    void requestStarted(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpConnection conn = request.connection();
        Tracked tracked = connections.get(conn);
        if (tracked != null) cancelHeadersDeadline(tracked);
        boolean upload = ModelUpload.isUpload(request);
        if (declaredLength(request) > (upload ? config.maxUploadBytes() : config.maxBodyBytes())) {
            metrics.connectionRefused("too_large");
            Replies.errorAndClose(ctx, ErrorCode.TOO_LARGE, tooLarge(config, upload));
            return;
        }
        long deadline = upload ? config.uploadTimeoutMs() : config.bodyTimeoutMs();
        long bodyTimer = hasBody(request) ? vertx.setTimer(deadline, id -> bodyLate(ctx, deadline, upload)) : -1;
        ctx.addEndHandler(ar -> {
            // An answer before the whole body (a refusal) leaves the body its deadline: the connection is still busy.
            if (bodyTimer >= 0 && request.isEnded()) vertx.cancelTimer(bodyTimer);
            // Still a plain connection of ours (not upgraded, not closed): the next request's headers get a deadline.
            if (tracked != null && !behindProxy && connections.get(conn) == tracked) armHeadersDeadline(conn, tracked);
        });
        ctx.next();
    }

    /**
     * Upgrades the request to a WebSocket for {@code client}, unless a proxied client already holds the most it may
     * (then the answer is CAPACITY). Whoever takes the socket must call {@link #closed} from its close handler.
     */
    Future<ServerWebSocket> upgrade(RoutingContext ctx, String client) {
        if (behindProxy && !quota.tryAcquire(client)) {
            metrics.connectionRefused("client_limit");
            Replies.error(ctx, ErrorCode.CAPACITY, "at most " + quota.limit() + " WebSocket connections per client"
                    + " (http.maxConnectionsPerClient)");
            return Future.failedFuture("client connection limit");
        }
        Tracked tracked = connections.remove(ctx.request().connection());
        if (tracked != null) cancelHeadersDeadline(tracked);
        String counted = behindProxy ? client : tracked == null ? null : tracked.client;
        return ctx.request().toWebSocket().andThen(ar -> {
            if (ar.failed()) {
                if (counted != null) quota.release(counted);
                return;
            }
            if (counted != null) sockets.put(ar.result(), counted);
            keepAlive(ar.result());
        });
    }

    /** A WebSocket from {@link #upgrade} closed (idempotent). */
    void closed(ServerWebSocket ws) {
        String client = sockets.remove(ws);
        if (client != null) quota.release(client);
    }

    /** Connections (or proxied WebSockets) {@code client} holds now. */
    int open(String client) {
        return quota.active(client);
    }

    private void keepAlive(ServerWebSocket ws) {
        long every = Math.max(1, config.idleTimeoutMs() / 3);
        vertx.setPeriodic(every, id -> {
            if (ws.isClosed()) vertx.cancelTimer(id);
            else ws.writePing(Buffer.buffer());
        });
    }

    private void armHeadersDeadline(HttpConnection conn, Tracked tracked) {
        tracked.headersTimer = vertx.setTimer(config.headersTimeoutMs(), id -> {
            tracked.headersTimer = -1;
            metrics.connectionRefused("headers_timeout");
            conn.close();
        });
    }

    private void cancelHeadersDeadline(Tracked tracked) {
        if (tracked.headersTimer >= 0) vertx.cancelTimer(tracked.headersTimer);
        tracked.headersTimer = -1;
    }

    private void release(Tracked tracked) {
        cancelHeadersDeadline(tracked);
        if (tracked.client != null) quota.release(tracked.client);
    }

    /** The body has not arrived in time: answer 408 if nothing was answered yet, and drop the connection. */
    private void bodyLate(RoutingContext ctx, long deadline, boolean upload) {
        if (ctx.request().isEnded()) return;
        metrics.connectionRefused("body_timeout");
        if (ctx.response().ended() || ctx.response().closed()) {
            ctx.request().connection().close();
        } else {
            Replies.errorAndClose(ctx, ErrorCode.TIMEOUT, "the request body did not arrive within " + deadline
                    + " ms (" + (upload ? "http.uploadTimeoutMs" : "http.bodyTimeoutMs") + ")");
        }
    }

    static String tooLarge(HttpConfig config, boolean upload) {
        return upload ? "model upload over " + config.maxUploadBytes() + " bytes (http.maxUploadBytes)"
                : "request body over " + config.maxBodyBytes() + " bytes (http.maxBodyBytes)";
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // Vert.x's decoder refuses a malformed length before a handler sees it
        }
    }

    /** Whether the request declares a body (a length above 0, or chunks). */
    static boolean hasBody(HttpServerRequest request) {
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || declaredLength(request) > 0;
    }
}
