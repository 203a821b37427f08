package io.guidestream.app;

import io.guidestream.bus.Addresses;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.ImportUpload;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.ModelDocument;
import io.guidestream.evaluator.ResultStore;
import io.guidestream.json.Json;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelVersion;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.eventbus.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Serves model cards and stored evaluations over the bus ({@code gs.registry.*}) from a JVM that holds the registry
 * folder, so that gateways need neither the folder nor the network types; it also makes a version the default and
 * deletes submitted evaluations. Deployed as a worker: it reads and writes files. Where it may write the registry (a
 * node with the trainer role) it also imports uploaded TorchScript files ({@link RegistryImports}).
 */
public final class RegistryVerticle extends AbstractVerticle {
    private static final Pattern EVAL_KEY = Pattern.compile("[0-9a-f]{40}");
    private final Path dir;
    private final boolean imports;
    private RegistryImports importer;

    /** @param imports whether this node imports uploads (it must be able to write the registry folder) */
    public RegistryVerticle(Path dir, boolean imports) {
        this.dir = dir;
        this.imports = imports;
    }

    @Override
    public void start() {
        ModelRegistry registry = new ModelRegistry(dir);
        vertx.eventBus().<String>consumer(Addresses.REGISTRY_CARD, m -> card(registry, m));
        vertx.eventBus().<String>consumer(Addresses.REGISTRY_SET_DEFAULT, m -> setDefault(registry, m));
        vertx.eventBus().<String>consumer(Addresses.REGISTRY_EVAL, m -> evalResult(registry, m));
        vertx.eventBus().<String>consumer(Addresses.REGISTRY_EVAL_DELETE, m -> deleteEval(registry, m));
        if (imports) {
            importer = new RegistryImports(vertx, registry);
            vertx.eventBus().<ImportUpload>consumer(Addresses.REGISTRY_IMPORT, importer::handle);
        }
    }

    @Override
    public void stop() {
        if (importer != null) importer.close();
    }

    /** A model version and an evaluation key from {@code name/version/key}. */
    private record EvalRef(ModelVersion version, String key) {
        Path file(ResultStore.Origin origin) {
            return version.dir().resolve(origin.resultPath(key));
        }

        String describe() {
            return "evaluation " + key + " of " + version.name() + " v" + version.version();
        }
    }

    /** The reference a message names, or null after replying with why there is none. */
    private static EvalRef evalRef(ModelRegistry registry, Message<String> m) {
        String[] parts = m.body().split("/", 3);
        if (parts.length != 3 || !EVAL_KEY.matcher(parts[2]).matches()) {
            m.reply(new JobEvent.Failed(m.body(), ErrorCode.NOT_FOUND, "an evaluation key is 40 hex digits"));
            return null;
        }
        Optional<ModelVersion> v = find(registry, parts[0], parts[1]);
        if (v.isEmpty()) {
            m.reply(new JobEvent.Failed(m.body(), ErrorCode.UNKNOWN_MODEL, "unknown model '" + parts[0]
                    + (parts[1].isEmpty() ? "" : "' version '" + parts[1]) + "'"));
            return null;
        }
        return new EvalRef(v.get(), parts[2]);
    }

    /**
     * A stored evaluation result, shipped or submitted (equal keys are equal configs, so either copy has the same
     * figures); a worker verticle, so reads block.
     */
    private static void evalResult(ModelRegistry registry, Message<String> m) {
        EvalRef ref = evalRef(registry, m);
        if (ref == null) return;
        for (ResultStore.Origin origin : ResultStore.Origin.values()) {
            Path file = ref.file(origin);
            try {
                if (Files.isRegularFile(file)) {
                    m.reply(Files.readString(file));
                    return;
                }
            } catch (java.io.IOException e) {
                m.reply(new JobEvent.Failed(m.body(), ErrorCode.INTERNAL, "cannot read " + file.getFileName() + ": "
                        + e.getMessage()));
                return;
            }
        }
        m.reply(new JobEvent.Failed(m.body(), ErrorCode.NOT_FOUND, "no " + ref.describe()));
    }

    /** Deletes a submitted evaluation; the ones a registry ships with stay (the {@code eval} command's to manage). */
    private static void deleteEval(ModelRegistry registry, Message<String> m) {
        EvalRef ref = evalRef(registry, m);
        if (ref == null) return;
        try {
            if (ResultStore.deleteSubmitted(ref.version().dir(), ref.key())) {
                m.reply(Json.MAPPER.createObjectNode().put("deleted", ref.key()).put("model", ref.version().name())
                        .put("version", ref.version().version()).toString());
            } else if (Files.isRegularFile(ref.file(ResultStore.Origin.SHIPPED))) {
                m.reply(new JobEvent.Failed(m.body(), ErrorCode.FORBIDDEN, ref.describe() + " ships with the model "
                        + "and cannot be deleted here; only evaluations submitted through POST /api/eval can"));
            } else {
                m.reply(new JobEvent.Failed(m.body(), ErrorCode.NOT_FOUND, "no submitted " + ref.describe()));
            }
        } catch (java.io.IOException e) {
            m.reply(new JobEvent.Failed(m.body(), ErrorCode.INTERNAL, "cannot delete " + ref.describe() + ": "
                    + e.getMessage()));
        }
    }

    private static Optional<ModelVersion> find(ModelRegistry registry, String name, String version) {
        try {
            return version.isEmpty() ? registry.find(name) : registry.find(name, Integer.parseInt(version));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
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
        Optional<ModelVersion> v = find(registry, parts[0], parts.length == 2 ? parts[1] : "");
        if (v.isEmpty()) {
            m.reply(new JobEvent.Failed(m.body(), ErrorCode.UNKNOWN_MODEL, "unknown model '" + m.body() + "'"));
            return;
        }
        ModelVersion mv = v.get();
        m.reply(new ModelDocument(mv.name(), mv.version(), Json.write(mv.card()), metricsJson(mv,
                ResultStore.Origin.SHIPPED), metricsJson(mv, ResultStore.Origin.SUBMITTED)));
    }

    /** An origin's {@code metrics.json}, or {@code {}} when there is none (or it cannot be read). */
    private static String metricsJson(ModelVersion mv, ResultStore.Origin origin) {
        Path metrics = mv.dir().resolve(origin.folder()).resolve(ResultStore.METRICS);
        try {
            return Files.exists(metrics) ? Files.readString(metrics) : "{}";
        } catch (java.io.IOException e) {
            return "{}";
        }
    }
}
