package io.guidestream.app;

import io.guidestream.bus.codec.RecordCodec;
import io.guidestream.config.AppConfig;
import io.guidestream.config.Role;
import io.guidestream.evaluator.EvaluationVerticle;
import io.guidestream.http.HttpVerticle;
import io.guidestream.http.OpsVerticle;
import io.guidestream.sampler.SamplerVerticle;
import io.guidestream.trainer.TrainingVerticle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Role wiring: deploys the verticles that {@link AppConfig#roles()} names into one Vert.x instance. The sampler is
 * a worker verticle on its own pool of one thread (DJL work never runs on an event loop); the trainer and the
 * evaluator keep their state on an event loop and run their jobs on a worker thread of their own. Every node serves
 * {@code /metrics} and health probes: a gateway on its main port, any other node on {@code ops.port}. The ops server
 * starts first, so that liveness answers while a sampler warms up; it reports ready once the roles have started.
 */
public final class Launcher {
    private Launcher() {
    }

    /**
     * A running service: its Vert.x, its meters, the sampler if it runs one and, per role, the bound HTTP port of the
     * gateway or ops server.
     */
    public record Running(Vertx vertx, HttpVerticle gateway, OpsVerticle ops, SamplerVerticle sampler,
            PrometheusMeterRegistry registry) {
        public int port() {
            return gateway.port();
        }

        public int opsPort() {
            return ops.port();
        }

        public Future<Void> stop() {
            return vertx.close();
        }
    }

    /** Starts with a registry of its own (the instance's Vert.x meters, if any, go elsewhere). */
    public static Future<Running> start(Vertx vertx, AppConfig config) {
        return start(vertx, config, Cluster.newRegistry());
    }

    /** Starts the roles; {@code registry} should be the one {@link Cluster#create} gave Vert.x. */
    public static Future<Running> start(Vertx vertx, AppConfig config, PrometheusMeterRegistry registry) {
        RecordCodec.registerAll(vertx.eventBus());
        BooleanSupplier member = () -> Cluster.isMember(vertx);
        SamplerVerticle sampler = config.runs(Role.SAMPLER) ? new SamplerVerticle(config.sampler(), config.registry(),
                registry) : null;
        HttpVerticle gateway = config.runs(Role.GATEWAY) ? new HttpVerticle(config.gateway(), registry, member) : null;
        AtomicBoolean rolesUp = new AtomicBoolean();
        OpsVerticle ops = gateway != null ? null : new OpsVerticle(config.ops(), config.roles(), registry,
                () -> rolesUp.get() && member.getAsBoolean() && (sampler == null || sampler.ready()));
        return deployIf(vertx, ops)
                .compose(id -> deployRoles(vertx, config, registry, sampler))
                .compose(id -> deployIf(vertx, gateway))
                .map(id -> {
                    rolesUp.set(true);
                    return new Running(vertx, gateway, ops, sampler, registry);
                });
    }

    private static Future<String> deployIf(Vertx vertx, Verticle verticle) {
        return verticle == null ? Future.succeededFuture("") : vertx.deployVerticle(verticle);
    }

    private static Future<?> deployRoles(Vertx vertx, AppConfig config, PrometheusMeterRegistry registry,
            SamplerVerticle samplerVerticle) {
        Future<String> sampler = samplerVerticle != null
                ? vertx.deployVerticle(samplerVerticle, new DeploymentOptions()
                        .setThreadingModel(ThreadingModel.WORKER).setWorkerPoolName("guidestream-sampler")
                        .setWorkerPoolSize(1))
                : Future.succeededFuture("");
        Future<String> trainer = config.runs(Role.TRAINER)
                ? vertx.deployVerticle(new TrainingVerticle(config.trainer(), config.registry(), config.data(),
                        registry)) : Future.succeededFuture("");
        Future<String> evaluator = config.runs(Role.EVALUATOR)
                ? vertx.deployVerticle(new EvaluationVerticle(config.evaluator(), config.registry(), config.data(),
                        registry)) : Future.succeededFuture("");
        boolean holdsRegistry = config.runs(Role.SAMPLER) || config.runs(Role.TRAINER) || config.runs(Role.EVALUATOR);
        Future<String> models = holdsRegistry ? vertx.deployVerticle(new RegistryVerticle(
                config.registry().path(), config.runs(Role.TRAINER)),
                new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                : Future.succeededFuture("");
        return Future.all(sampler, trainer, evaluator, models);
    }
}
