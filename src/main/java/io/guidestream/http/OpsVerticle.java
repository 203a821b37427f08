package io.guidestream.http;

import io.guidestream.config.OpsConfig;
import io.guidestream.config.Role;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The operations server of a node without a gateway (a sampler, trainer or evaluator pod): {@code /metrics},
 * {@code /health/live} and {@code /health/ready} on {@code ops.port}. It is deployed after the node's roles have
 * started (a sampler has loaded and warmed its default models by then); readiness also asks {@code ready}, which
 * checks cluster membership and that the sampler has not begun to shut down.
 */
public final class OpsVerticle extends AbstractVerticle {
    private final OpsConfig config;
    private final Set<Role> roles;
    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier ready;
    private HttpServer server;

    /** @param roles the node's roles, which readiness lists */
    public OpsVerticle(OpsConfig config, Set<Role> roles, PrometheusMeterRegistry registry, BooleanSupplier ready) {
        this.config = config;
        this.roles = Set.copyOf(roles);
        this.registry = registry;
        this.ready = ready;
    }

    @Override
    public void start(Promise<Void> started) {
        Router router = Router.router(vertx);
        OpsRoutes.mount(router, registry);
        router.get("/health/ready").handler(this::ready);
        vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host())
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
        JsonArray names = new JsonArray();
        roles.stream().map(Role::name).sorted().forEach(names::add);
        OpsRoutes.json(ctx, ok ? 200 : 503, new JsonObject().put("status", ok ? "UP" : "DOWN").put("roles", names)
                .put("clustered", vertx.isClustered()));
    }
}
