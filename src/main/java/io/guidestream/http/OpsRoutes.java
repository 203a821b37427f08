package io.guidestream.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The operations endpoints every node serves (the gateway on its main port, other nodes on {@code ops.port}):
 * Prometheus {@code GET /metrics} and the liveness probe {@code GET /health/live}. Readiness differs by role, so each
 * server adds its own {@code /health/ready}.
 */
final class OpsRoutes {
    private OpsRoutes() {
    }

    static void mount(Router router, PrometheusMeterRegistry registry) {
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
        // Live as long as the event loop answers: a restart would not help a node that is merely not ready.
        router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
}
