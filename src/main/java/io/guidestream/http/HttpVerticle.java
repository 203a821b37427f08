package io.guidestream.http;

import io.guidestream.app.AppConfig;
import io.guidestream.bus.SamplerStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The gateway role: health probes and {@code /metrics}, the model list, the {@code /ws/generate} WebSocket, the training and evaluation
 * job routes and the static web app. It holds no models: everything about sampling goes over the event bus.
 * {@code start} only wires.
 */
public final class HttpVerticle extends AbstractVerticle {
    /** Samplers advertise every second; three missed adverts and more mean the sampler is gone. */
    private static final long SAMPLER_EXPIRY_MS = 5_000;
    private static final long MAX_BODY_BYTES = 64 * 1024;

    private final AppConfig config;
    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier clusterMember;
    private final GatewayMetrics metrics;
    private HttpServer server;
    private JobHub jobs;
    private SamplerDirectory directory;

    /**
     * @param registry      the node's meters, served on {@code /metrics}
     * @param clusterMember whether this node is a live member of its cluster (readiness needs it)
     */
    public HttpVerticle(AppConfig config, PrometheusMeterRegistry registry, BooleanSupplier clusterMember) {
        this.config = config;
        this.registry = registry;
        this.clusterMember = clusterMember;
        this.metrics = new GatewayMetrics(registry);
    }

    @Override
    public void start(Promise<Void> started) {
        directory = new SamplerDirectory(vertx, SAMPLER_EXPIRY_MS, node -> jobs.nodeLost(node));
        jobs = new JobHub(vertx, metrics, config.limits().reconnectGraceMs(), config.limits().maxJobsPerClient(),
                directory);
        Router router = Router.router(vertx);
        // Behind the Ingress the client's address is in X-Forwarded-For; the per-client job limit needs it.
        if (config.http().trustForwardedHeaders()) router.allowForward(AllowForwardHeaders.X_FORWARD);
        ModelRoutes models = new ModelRoutes(vertx, directory);
        TrainingRoutes training = new TrainingRoutes(vertx);
        EvalRoutes evaluation = new EvalRoutes(vertx, config.limits());
        OpsRoutes.mount(router, registry);
        router.get("/health/ready").handler(this::ready);
        router.get("/api/models").handler(models::list);
        router.get("/api/models/:name").handler(models::card);
        router.post("/api/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
        router.post("/api/train").handler(training::submit);
        router.get("/api/train/:id").handler(training::status);
        router.post("/api/train/:id/cancel").handler(training::cancel);
        router.delete("/api/train/:id").handler(training::cancel);
        router.post("/api/eval").handler(evaluation::submit);
        router.get("/api/eval/:id").handler(evaluation::status);
        router.post("/api/eval/:id/cancel").handler(evaluation::cancel);
        router.delete("/api/eval/:id").handler(evaluation::cancel);
        router.get("/ws/generate").handler(this::generateSocket);
        router.get("/ws/jobs/:id").handler(ctx -> ctx.request().toWebSocket()
                .onSuccess(ws -> JobSocket.attach(vertx, ws, ctx.pathParam("id"))));
        String webRoot = Path.of(config.http().webRoot()).toAbsolutePath().toString();
        router.route().handler(StaticHandler.create(FileSystemAccess.ROOT, webRoot).setCachingEnabled(false));
        HttpServerOptions options = new HttpServerOptions()
                .setMaxWebSocketMessageSize(config.limits().maxMessageBytes())
                .setMaxWebSocketFrameSize(config.limits().maxMessageBytes());
        vertx.createHttpServer(options).requestHandler(router)
                .listen(config.http().port(), config.http().host())
                .onSuccess(s -> {
                    server = s;
                    started.complete();
                })
                .onFailure(started::fail);
    }

    /** The port actually bound (differs from the configured one when that is 0). */
    public int port() {
        return server.actualPort();
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    private void generateSocket(RoutingContext ctx) {
        var address = ctx.request().remoteAddress(); // X-Forwarded-For aware when allowed
        String client = address == null ? "unknown" : address.host();
        ctx.request().toWebSocket()
                .onSuccess(ws -> new GenerateSocket(ws, config.limits(), metrics, jobs, client).start());
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
        String nodes = samplers.stream().map(st -> "\"" + st.node() + "\"").collect(Collectors.joining(","));
        OpsRoutes.json(ctx, ok ? 200 : 503, "{\"status\":\"" + (ok ? "UP" : "DOWN") + "\",\"samplers\":" + samplers.size()
                + ",\"nodes\":[" + nodes + "],\"live\":" + live + ",\"capacity\":" + capacity
                + ",\"clusterMember\":" + member + "}");
    }
}
