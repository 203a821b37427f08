package io.guidestream.http;

import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.SamplerStatus;
import io.guidestream.config.GatewayConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The gateway role: health probes and {@code /metrics}, the model list, the {@code /ws/generate} WebSocket, the training and evaluation
 * job routes and the static web app. It holds no models: everything about sampling goes over the event bus.
 * {@code start} only wires.
 */
public final class HttpVerticle extends AbstractVerticle {
    /** Samplers advertise every second; three missed adverts and more mean the sampler is gone. */
    private static final long SAMPLER_EXPIRY_MS = 5_000;
    private static final long SHUTDOWN_FLUSH_MS = 200;
    private static final int OVERSIZE_FACTOR = 4;

    private final GatewayConfig config;
    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier clusterMember;
    private final GatewayMetrics metrics;
    private final AccessPolicy access;
    private final CrossSiteGuard crossSite;
    private ConnectionGuard connections;
    private HttpServer server;
    private JobHub jobs;
    private SamplerDirectory directory;
    private SocketServices sockets;

    /**
     * @param registry      the node's meters, served on {@code /metrics}
     * @param clusterMember whether this node is a live member of its cluster (readiness needs it)
     */
    public HttpVerticle(GatewayConfig config, PrometheusMeterRegistry registry, BooleanSupplier clusterMember) {
        this.config = config;
        this.registry = registry;
        this.clusterMember = clusterMember;
        this.metrics = new GatewayMetrics(registry);
        this.access = new AccessPolicy(config);
        this.crossSite = new CrossSiteGuard(config.security());
    }

    @Override
    public void start(Promise<Void> started) {
        directory = new SamplerDirectory(vertx, SAMPLER_EXPIRY_MS, new RoutingMetrics(registry),
                node -> jobs.nodeLost(node));
        jobs = new JobHub(vertx, metrics, config.limits().reconnectGraceMs(), config.limits().maxJobsPerClient(),
                directory);
        connections = new ConnectionGuard(vertx, config.http(), metrics);
        RateLimiter rates = new RateLimiter(config.limits().requestsPerSecond());
        sockets = new SocketServices(config.limits(), metrics, jobs, rates, connections);
        Router router = Router.router(vertx);
        // Behind the Ingress the client's address is in X-Forwarded-For; the per-client limits need it.
        if (config.http().trustForwardedHeaders()) router.allowForward(AllowForwardHeaders.X_FORWARD);
        RouteFailures failures = new RouteFailures(config.http());
        router.route().handler(connections::requestStarted);
        OpsRoutes.mount(router, registry);
        router.get("/health/ready").handler(this::ready);
        // Everything after the probes (the API, the WebSockets, the web app) answers only to allowed host names.
        router.route().handler(crossSite::requireAllowedHost);
        mountApi(router, rates, failures);
        router.get("/ws/generate").handler(crossSite::requireWebSocketOrigin).handler(access::requireRead)
                .handler(this::generateSocket);
        router.get("/ws/jobs/:id").handler(crossSite::requireWebSocketOrigin).handler(access::requireRead)
                .handler(this::jobSocket);
        String webRoot = Path.of(config.http().webRoot()).toAbsolutePath().toString();
        router.route().handler(StaticHandler.create(FileSystemAccess.ROOT, webRoot).setCachingEnabled(false));
        router.route().failureHandler(failures::failed);
        vertx.createHttpServer(serverOptions()).connectionHandler(connections::connected).requestHandler(router)
                .listen(config.http().port(), config.http().host())
                .onSuccess(s -> {
                    server = s;
                    started.complete();
                })
                .onFailure(started::fail);
    }

    /** {@code /api/*}: reads, then writes behind the cross-site, rate and token checks; what is left answers 404. */
    private void mountApi(Router router, RateLimiter rates, RouteFailures failures) {
        ModelRoutes models = new ModelRoutes(vertx, directory);
        ModelUpload upload = new ModelUpload(vertx);
        JobRoutes training = JobRoutes.training(vertx);
        JobRoutes evaluation = JobRoutes.evaluation(vertx, config.limits());
        router.route("/api/*").handler(access::requireRead);
        router.route("/api/*").handler(crossSite::requireSafeWrite);
        router.route("/api/*").handler(ctx -> limitWrites(ctx, rates));
        // An upload is authorised and admitted before its body (up to http.maxUploadBytes) is read into memory.
        router.post(ModelUpload.ROUTE).handler(access::requireWrite).handler(upload::admit);
        BodyHandler json = BodyHandler.create(false).setBodyLimit(config.http().maxBodyBytes());
        BodyHandler file = BodyHandler.create(false).setBodyLimit(config.http().maxUploadBytes());
        router.route("/api/*").handler(ctx -> (ModelUpload.isUpload(ctx.request()) ? file : json).handle(ctx));
        router.post(ModelUpload.ROUTE).handler(upload::upload);
        router.get("/api/models").handler(models::list);
        router.get("/api/models/:name").handler(models::card);
        router.get("/api/models/:name/evals/:key").handler(models::evalResult);
        router.delete("/api/models/:name/evals/:key").handler(access::requireWrite).handler(models::deleteEval);
        router.put("/api/models/:name/default").handler(access::requireWrite).handler(models::setDefault);
        router.post("/api/train").handler(access::requireWrite).handler(training::submit);
        router.get("/api/train/:id").handler(training::status);
        router.post("/api/train/:id/cancel").handler(access::requireWrite).handler(training::cancel);
        router.delete("/api/train/:id").handler(access::requireWrite).handler(training::cancel);
        router.post("/api/eval").handler(access::requireWrite).handler(evaluation::submit);
        router.get("/api/eval/:id").handler(evaluation::status);
        router.post("/api/eval/:id/cancel").handler(access::requireWrite).handler(evaluation::cancel);
        router.delete("/api/eval/:id").handler(access::requireWrite).handler(evaluation::cancel);
        router.route("/api/*").handler(failures::unknownApiRoute);
    }

    /**
     * WebSocket messages up to the limit are read; up to OVERSIZE_FACTOR times the limit they get a BAD_REQUEST
     * naming it (GenerateSocket); beyond that the connection is dropped without buffering the message. A connection
     * that sends nothing for {@code http.idleTimeoutMs} is closed (ConnectionGuard pings WebSockets meanwhile).
     */
    private HttpServerOptions serverOptions() {
        int hardLimit = config.limits().maxMessageBytes() * OVERSIZE_FACTOR;
        return new HttpServerOptions()
                // HTTP/1.1 only: with cleartext HTTP/2 detection on, Vert.x sets a connection up only once its first
                // bytes arrive, so a connection that sends nothing would escape the headers deadline.
                .setHttp2ClearTextEnabled(false)
                .setMaxWebSocketMessageSize(hardLimit)
                .setMaxWebSocketFrameSize(hardLimit)
                .setReadIdleTimeout((int) config.http().idleTimeoutMs())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }

    /**
     * Graceful shutdown: every unfinished generation gets a final {@code error} first, then the server closes its
     * connections (after a short pause, so that those last messages leave the socket).
     */
    @Override
    public void stop(Promise<Void> stopped) {
        if (jobs != null) jobs.shutdown();
        if (server == null) {
            stopped.complete();
            return;
        }
        vertx.setTimer(SHUTDOWN_FLUSH_MS, id -> server.close().onComplete(ar -> stopped.complete()));
    }

    /** The port actually bound (differs from the configured one when that is 0). */
    public int port() {
        return server.actualPort();
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** Connections (behind a trusted proxy: WebSockets) that {@code client} holds now; event-loop state, for tests. */
    public int connectionsOpen(String client) {
        return connections.open(client);
    }

    private void generateSocket(RoutingContext ctx) {
        String client = clientOf(ctx);
        connections.upgrade(ctx, client).onSuccess(ws -> new GenerateSocket(ws, sockets, client).start());
    }

    private void jobSocket(RoutingContext ctx) {
        connections.upgrade(ctx, clientOf(ctx)).onSuccess(ws -> JobSocket.attach(vertx, ws, ctx.pathParam("id"),
                () -> connections.closed(ws)));
    }

    /** The client's address, from X-Forwarded-For when {@code http.trustForwardedHeaders} allows it. */
    private static String clientOf(RoutingContext ctx) {
        var address = ctx.request().remoteAddress();
        return address == null ? "unknown" : address.host();
    }

    /** REST writes count against the client's request rate (reads are cheap and cached by browsers). */
    private void limitWrites(RoutingContext ctx, RateLimiter rates) {
        if (ctx.request().method() == HttpMethod.GET || rates.tryAcquire(clientOf(ctx))) {
            ctx.next();
        } else {
            Replies.error(ctx, ErrorCode.RATE_LIMITED, "at most " + rates.rate()
                    + " requests per second per client (limits.requestsPerSecond)");
        }
    }

    /**
     * Ready when this node is a live cluster member (always, when not clustered) and at least one sampler has
     * advertised itself ready (its default models loaded and warmed).
     */
    private void ready(RoutingContext ctx) {
        var samplers = directory.samplers();
        int live = samplers.stream().mapToInt(SamplerStatus::live).sum();
        int capacity = samplers.stream().mapToInt(SamplerStatus::capacity).sum();
        boolean member = clusterMember.getAsBoolean();
        boolean ok = member && directory.anyReady();
        JsonArray nodes = new JsonArray();
        samplers.forEach(st -> nodes.add(st.node()));
        OpsRoutes.json(ctx, ok ? 200 : 503, new JsonObject().put("status", ok ? "UP" : "DOWN")
                .put("samplers", samplers.size()).put("nodes", nodes).put("live", live).put("capacity", capacity)
                .put("clusterMember", member));
    }
}
