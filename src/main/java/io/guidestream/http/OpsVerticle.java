package io.guidestream.http;

import io.guidestream.app.AppConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The operations server of a node without a gateway (a sampler, trainer or evaluator pod): {@code /metrics},
 * {@code /health/live} and {@code /health/ready} on {@code ops.port}. It is deployed after the node's roles have
 * started (a sampler has loaded and warmed its default models by then); readiness also asks {@code ready}, which
 * checks cluster membership and that the sampler has not begun to shut down.
 */
public final class OpsVerticle extends AbstractVerticle {
    private final AppConfig config;
    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier ready;
    private HttpServer server;

    public OpsVerticle(AppConfig config, PrometheusMeterRegistry registry, BooleanSupplier ready) {
        this.config = config;
        this.registry = registry;
        this.ready = ready;
    }

    @Override
    public void start(Promise<Void> started) {
        Router router = Router.router(vertx);
        OpsRoutes.mount(router, registry);
        router.get("/health/ready").handler(this::ready);
        vertx.createHttpServer().requestHandler(router).listen(config.ops().port(), config.ops().host())
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

    private void ready(RoutingContext ctx) {
        boolean ok = ready.getAsBoolean();
        String roles = config.roles().stream().map(r -> "\"" + r + "\"").sorted().collect(Collectors.joining(","));
        OpsRoutes.json(ctx, ok ? 200 : 503, "{\"status\":\"" + (ok ? "UP" : "DOWN") + "\",\"roles\":[" + roles
                + "],\"clustered\":" + vertx.isClustered() + "}");
    }
}
