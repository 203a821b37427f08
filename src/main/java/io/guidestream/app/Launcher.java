package io.guidestream.app;

import io.guidestream.bus.codec.RecordCodec;
import io.guidestream.evaluator.EvaluationVerticle;
import io.guidestream.http.HttpVerticle;
import io.guidestream.sampler.SamplerVerticle;
import io.guidestream.trainer.TrainingVerticle;
import java.nio.file.Path;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;

/**
 * Role wiring: deploys the verticles that {@link AppConfig#roles()} names into one Vert.x instance. The sampler is
 * a worker verticle on its own pool of one thread (DJL work never runs on an event loop); the trainer and the
 * evaluator keep their state on an event loop and run their jobs on a worker thread of their own.
 */
public final class Launcher {
    private Launcher() {
    }

    /** A running service: its Vert.x and, when it runs the gateway, the bound HTTP port. */
    public record Running(Vertx vertx, HttpVerticle gateway) {
        public int port() {
            return gateway.port();
        }

        public Future<Void> stop() {
            return vertx.close();
        }
    }

    public static Future<Running> start(Vertx vertx, AppConfig config) {
        RecordCodec.registerAll(vertx.eventBus());
        Future<String> sampler = config.runs(Role.SAMPLER)
                ? vertx.deployVerticle(new SamplerVerticle(config), new DeploymentOptions()
                        .setThreadingModel(ThreadingModel.WORKER).setWorkerPoolName("guidestream-sampler")
                        .setWorkerPoolSize(1))
                : Future.succeededFuture("");
        Future<String> trainer = config.runs(Role.TRAINER)
                ? vertx.deployVerticle(new TrainingVerticle(config)) : Future.succeededFuture("");
        Future<String> evaluator = config.runs(Role.EVALUATOR)
                ? vertx.deployVerticle(new EvaluationVerticle(config)) : Future.succeededFuture("");
        boolean holdsRegistry = config.runs(Role.SAMPLER) || config.runs(Role.TRAINER) || config.runs(Role.EVALUATOR);
        Future<String> registry = holdsRegistry ? vertx.deployVerticle(new RegistryVerticle(
                Path.of(config.registry().dir())), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                : Future.succeededFuture("");
        HttpVerticle gateway = config.runs(Role.GATEWAY) ? new HttpVerticle(config) : null;
        return Future.all(sampler, trainer, evaluator, registry)
                .compose(id -> gateway == null ? Future.succeededFuture("") : vertx.deployVerticle(gateway))
                .map(id -> new Running(vertx, gateway));
    }
}
