package io.guidestream.evaluator;

import io.guidestream.evaluation.MetricsReport;
import io.guidestream.json.Json;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelVersion;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Stores evaluation results beside the model version they measured (the version folder's weights stay immutable; its
 * {@code eval/} folder and {@code metrics.json} grow):
 * <ul>
 *   <li>{@code <model>/<v>/eval/<key>.json}: the whole {@link EvalResult}; a rerun of the same config replaces it;</li>
 *   <li>{@code <model>/<v>/metrics.json}: per config key the latest figures and the config, plus which key was
 *       written last; {@code GET /api/models/{name}} serves this file.</li>
 * </ul>
 * Both are written by temp file and rename. The read-modify-write of {@code metrics.json} holds a file lock
 * ({@code eval/.lock}), so the service and an {@code eval} command sharing the folder never lose each other's entries.
 */
public final class ResultStore {
    private static final Logger LOG = Logger.getLogger(ResultStore.class.getName());
    public static final String METRICS = "metrics.json";

    private ResultStore() {
    }

    /**
     * {@code metrics.json}.
     *
     * @param latest      key of the result written last
     * @param evaluations per config key, its latest result's summary
     */
    public record MetricsFile(String latest, Map<String, Entry> evaluations) {
        public MetricsFile {
            evaluations = new TreeMap<>(evaluations);
        }
    }

    /** One config's latest figures in {@code metrics.json}; {@code file} is relative to the version folder. */
    public record Entry(String summary, MetricsReport metrics, double meanEntropy, double seconds, String created,
            String file, EvalConfig config) {
    }

    /** Writes the result and updates the summary; returns the result file. */
    public static Path store(ModelRegistry registry, EvalResult result) throws IOException {
        EvalConfig c = result.config();
        ModelVersion version = registry.find(c.model(), c.modelVersion()).orElseThrow(() -> new IOException(
                "model " + c.model() + " v" + c.modelVersion() + " is no longer in the registry"));
        Path file = AtomicFiles.write(version.dir().resolve(result.relativePath()),
                Json.write(result).getBytes(StandardCharsets.UTF_8));
        Entry entry = new Entry(result.summary(), result.metrics(), result.meanEntropy(), result.seconds(),
                result.created(), result.relativePath(), c);
        updateSummary(version.dir(), result.key(), entry);
        return file;
    }

    private static synchronized void updateSummary(Path versionDir, String key, Entry entry) throws IOException {
        Path lockFile = Files.createDirectories(versionDir.resolve("eval")).resolve(".lock");
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            Map<String, Entry> entries = new TreeMap<>(read(versionDir.resolve(METRICS)).evaluations());
            entries.put(key, entry);
            AtomicFiles.write(versionDir.resolve(METRICS),
                    Json.write(new MetricsFile(key, entries)).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The summary file, or an empty one when it is missing or unreadable (it is rebuilt entry by entry). */
    public static MetricsFile read(Path metricsJson) {
        if (!Files.isRegularFile(metricsJson)) return new MetricsFile("", Map.of());
        try {
            return Json.read(metricsJson, MetricsFile.class);
        } catch (IOException e) {
            LOG.warning("unreadable " + metricsJson + " (" + e.getMessage() + "); starting a new one");
            return new MetricsFile("", Map.of());
        }
    }
}
