package io.guidestream.app;

import io.guidestream.bus.Addresses;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.ImportRefusal;
import io.guidestream.bus.ImportResult;
import io.guidestream.bus.ImportUpload;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.ModelDocument;
import io.guidestream.json.Json;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelVersion;
import io.guidestream.torchscript.ImportCard;
import io.guidestream.torchscript.ImportRefusedException;
import io.guidestream.torchscript.ModelImport;
import io.guidestream.util.FailureReason;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Answers {@code gs.registry.import}: writes the uploaded bytes to a temporary file, imports it ({@link ModelImport}:
 * card, digest, structure, load, forward checks, atomic publish) on a worker of its own, so that card reads are not
 * held up behind a long validation, and announces the new version on {@code registry.published}.
 */
final class RegistryImports {
    private static final Logger LOG = Logger.getLogger(RegistryImports.class.getName());
    private final Vertx vertx;
    private final ModelImport imports;
    private final WorkerExecutor worker;

    RegistryImports(Vertx vertx, ModelRegistry registry) {
        this.vertx = vertx;
        this.imports = new ModelImport(registry);
        // One import at a time per node (each holds its file and a loaded network); a big network may take minutes.
        this.worker = vertx.createSharedWorkerExecutor("guidestream-import", 1, 30, TimeUnit.MINUTES);
    }

    void handle(Message<ImportUpload> m) {
        ImportUpload upload = m.body();
        worker.executeBlocking(() -> run(upload)).onComplete(ar -> {
            Object reply = ar.succeeded() ? ar.result() : new JobEvent.Failed(upload.name(), ErrorCode.INTERNAL,
                    "the import failed: " + FailureReason.of(ar.cause()));
            if (reply instanceof ImportResult r) {
                vertx.eventBus().publish(Addresses.REGISTRY_PUBLISHED, upload.name() + "/" + r.document().version());
            }
            m.reply(reply);
        });
    }

    void close() {
        worker.close();
    }

    private Object run(ImportUpload upload) throws IOException {
        Path file = Files.createTempFile("guidestream-upload-", ".pt");
        try {
            Files.write(file, upload.file());
            ModelRegistry.Publication p = imports.run(upload.name(), file, ImportCard.parse(upload.cardJson()),
                    upload.publish());
            ModelVersion v = p.version();
            LOG.info("imported " + v.name() + " v" + v.version() + " (" + upload.file().length + " bytes)");
            return new ImportResult(new ModelDocument(v.name(), v.version(), Json.write(v.card()), "{}", "{}"),
                    p.decision().makeDefault(), p.decision().reason());
        } catch (ImportRefusedException e) {
            LOG.info("refused an import of " + upload.name() + ": " + e.problem() + ": " + e.getMessage());
            return new ImportRefusal(e.problem().name(), e.getMessage(), e.problem().clientFault());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
