package io.guidestream.app;

import io.guidestream.bus.Addresses;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.ModelDocument;
import io.guidestream.json.Json;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelVersion;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.eventbus.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Serves model cards over the bus ({@code gs.registry.card}) from a JVM that holds the registry folder, so that
 * gateways need neither the folder nor the network types. Deployed as a worker: it reads files.
 */
public final class RegistryVerticle extends AbstractVerticle {
    private final Path dir;

    public RegistryVerticle(Path dir) {
        this.dir = dir;
    }

    @Override
    public void start() {
        ModelRegistry registry = new ModelRegistry(dir);
        vertx.eventBus().<String>consumer(Addresses.REGISTRY_CARD, m -> card(registry, m));
        vertx.eventBus().<String>consumer(Addresses.REGISTRY_SET_DEFAULT, m -> setDefault(registry, m));
    }

    /** {@code name/version} becomes the default; samplers hear {@code registry.published} and hot-load it. */
    private void setDefault(ModelRegistry registry, Message<String> m) {
        String[] parts = m.body().split("/", 2);
        try {
            registry.setDefault(parts[0], Integer.parseInt(parts[1]));
        } catch (io.guidestream.registry.UnknownModelException | NumberFormatException e) {
            m.reply(new JobEvent.Failed(m.body(), ErrorCode.UNKNOWN_MODEL, "unknown model version " + m.body()));
            return;
        } catch (java.io.IOException e) {
            m.reply(new JobEvent.Failed(m.body(), ErrorCode.INTERNAL, "cannot write the registry: " + e.getMessage()));
            return;
        }
        vertx.eventBus().publish(Addresses.REGISTRY_PUBLISHED, m.body());
        card(registry, m);
    }

    private static void card(ModelRegistry registry, Message<String> m) {
        String[] parts = m.body().split("/", 2);
        Optional<ModelVersion> v;
        try {
            v = parts.length == 2 ? registry.find(parts[0], Integer.parseInt(parts[1])) : registry.find(parts[0]);
        } catch (NumberFormatException e) {
            v = Optional.empty();
        }
        if (v.isEmpty()) {
            m.reply(new JobEvent.Failed(m.body(), ErrorCode.UNKNOWN_MODEL, "unknown model '" + m.body() + "'"));
            return;
        }
        ModelVersion mv = v.get();
        Path metrics = mv.dir().resolve("metrics.json");
        String metricsJson = "{}";
        try {
            if (Files.exists(metrics)) metricsJson = Files.readString(metrics);
        } catch (java.io.IOException e) {
            metricsJson = "{}";
        }
        m.reply(new ModelDocument(mv.name(), mv.version(), Json.write(mv.card()), metricsJson));
    }
}
