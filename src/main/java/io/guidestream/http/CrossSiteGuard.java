package io.guidestream.http;

import io.guidestream.bus.ErrorCode;
import io.guidestream.config.SecurityConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What keeps other web sites from using a browser as a way in (docs/SECURITY.md, "Cross-site requests").
 *
 * <ul>
 *   <li><b>Host</b>: a request must name this service by an allowed host: {@code localhost}, an IP literal, or one of
 *       {@code security.allowedHosts}. DNS rebinding points an attacker's name at this address, so that the
 *       attacker's page and the service share an origin; the browser still sends the attacker's name, which is
 *       refused here.</li>
 *   <li><b>Origin</b>: a browser names the page that sends a write or opens a WebSocket. It must be the service's own
 *       origin (the same host and port as {@code Host}) or one of {@code security.allowedOrigins}. Clients that are
 *       not browsers send no {@code Origin} and pass.</li>
 *   <li><b>Content type</b>: a write that carries a body must say {@code application/json}. A page on another site can
 *       only send that after a CORS preflight, which this service never grants; a plain form or {@code text/plain}
 *       post is refused before it is read.</li>
 * </ul>
 */
final class CrossSiteGuard {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(%[0-9a-zA-Z]+)?]?");
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final Set<String> allowedHosts;
    private final List<String> allowedOrigins;

    CrossSiteGuard(SecurityConfig security) {
        this.allowedHosts = Set.copyOf(security.allowedHosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
        this.allowedOrigins = security.allowedOrigins();
    }

    /** Route handler in front of the API, the WebSockets and the web app. */
    void requireAllowedHost(RoutingContext ctx) {
        HostAndPort authority = ctx.request().authority();
        if (authority == null || hostAllowed(authority.host())) {
            ctx.next();
        } else {
            Replies.error(ctx, ErrorCode.FORBIDDEN, "host '" + authority.host() + "' is not allowed: use localhost, an IP"
                    + " address, or a name listed in security.allowedHosts");
        }
    }

    /** Route handler in front of every REST write: a browser's page must be allowed, and a body must be JSON. */
    void requireSafeWrite(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (READS.contains(request.method())) {
            ctx.next();
        } else if (!originAllowed(request)) {
            Replies.error(ctx, ErrorCode.FORBIDDEN, foreignOrigin(request));
        } else if (ConnectionGuard.hasBody(request) && !typeAllowed(request)) {
            Replies.error(ctx, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be " + allowedType(request)
                    + ", got " + (request.getHeader(HttpHeaders.CONTENT_TYPE) == null ? "none"
                            : "'" + request.getHeader(HttpHeaders.CONTENT_TYPE) + "'"));
        } else {
            ctx.next();
        }
    }

    /** Route handler in front of WebSocket upgrades: browsers always send {@code Origin} with them. */
    void requireWebSocketOrigin(RoutingContext ctx) {
        if (originAllowed(ctx.request())) ctx.next();
        else Replies.error(ctx, ErrorCode.FORBIDDEN, foreignOrigin(ctx.request()));
    }

    boolean hostAllowed(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || IPV4.matcher(h).matches() || IPV6.matcher(h).matches()
                || allowedHosts.contains(h);
    }

    /** No {@code Origin} (not a browser), the service's own origin, or an allowed one. */
    boolean originAllowed(HttpServerRequest request) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || allowedOrigins.contains(origin)) return true;
        HostAndPort authority = request.authority();
        if (authority == null) return false;
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null || !uri.getHost().equalsIgnoreCase(authority.host())) return false;
            int originPort = uri.getPort() >= 0 ? uri.getPort() : defaultPort(uri.getScheme());
            // Without a port in Host the client used its scheme's default port, which the origin must then name too.
            return authority.port() >= 0 ? originPort == authority.port() : originPort == defaultPort(uri.getScheme());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /** JSON, or for a model upload its binary type: both need a CORS preflight, which is never granted. */
    private static String allowedType(HttpServerRequest request) {
        return ModelUpload.isUpload(request) ? ModelUpload.CONTENT_TYPE : "application/json";
    }

    private static boolean typeAllowed(HttpServerRequest request) {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return contentType != null && contentType.split(";", 2)[0].trim().equalsIgnoreCase(allowedType(request));
    }

    private static String foreignOrigin(HttpServerRequest request) {
        return "origin " + request.getHeader(HttpHeaders.ORIGIN) + " is not allowed: only this service's own pages"
                + " and security.allowedOrigins may write or open a WebSocket";
    }
}
