package io.guidestream.evaluator;

import com.fasterxml.jackson.annotation.JsonInclude;
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
import org.jspecify.annotations.Nullable;

/**
 * Stores evaluation results beside the model version they measured (the version folder's weights stay immutable; its
 * {@code eval/} folder and {@code metrics.json} grow):
 * <ul>
 *   <li>{@code <model>/<v>/eval/<key>.json}: the whole {@link EvalResult}; a rerun of the same config replaces it;</li>
 *   <li>{@code <model>/<v>/metrics.json}: per config key the latest figures and the config, plus which key was
 *       written last; {@code GET /api/models/{name}} serves this file.</li>
 * </ul>
 * That is where the {@code eval} command, the operator's tool, stores its results ({@link Origin#SHIPPED}: what a
 * registry ships with). Evaluations that anyone submits through {@code POST /api/eval} go to the same layout under
 * {@code <model>/<v>/submitted/} ({@link Origin#SUBMITTED}), so they never replace or mix with the shipped figures,
 * and {@link #deleteSubmitted} can remove them. Files are written by temp file and rename. The read-modify-write of a
 * {@code metrics.json} holds a file lock ({@code eval/.lock} beside it), so the service and an {@code eval} command
 * sharing the folder never lose each other's entries.
 */
public final class ResultStore {
    private static final Logger LOG = Logger.getLogger(ResultStore.class.getName());
    public static final String METRICS = "metrics.json";

    /** Who stored an evaluation, and so where it lives under the version folder. */
    public enum Origin {
        /** The {@code eval} command: the registry's own figures, served as a card's {@code metrics}. */
        SHIPPED(""),
        /** {@code POST /api/eval}: served as a card's {@code submittedMetrics}; deletable through the API. */
        SUBMITTED("submitted/");

        private final String folder;

        Origin(String folder) {
            this.folder = folder;
        }

        /** The folder, relative to the version folder, that holds this origin's {@code metrics.json} and results. */
        public String folder() {
            return folder;
        }

        /** Result {@code key}'s file, relative to the version folder. */
        public String resultPath(String key) {
            return folder + "eval/" + key + ".json";
        }
    }

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

    /**
     * One config's latest figures in {@code metrics.json}; {@code file} is relative to the version folder;
     * {@code dataNote} as in {@link EvalResult} (left out when null).
     */
    public record Entry(String summary, MetricsReport metrics, double meanEntropy, double seconds, String created,
            String file, EvalConfig config, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String dataNote) {
    }

    /** Writes the result where {@code origin} keeps it and updates that origin's summary; returns the result file. */
    public static Path store(ModelRegistry registry, EvalResult result, Origin origin) throws IOException {
        EvalConfig c = result.config();
        ModelVersion version = registry.find(c.model(), c.modelVersion()).orElseThrow(() -> new IOException(
                "model " + c.model() + " v" + c.modelVersion() + " is no longer in the registry"));
        String relative = origin.resultPath(result.key());
        Path file = AtomicFiles.write(version.dir().resolve(relative),
                Json.write(result).getBytes(StandardCharsets.UTF_8));
        Entry entry = new Entry(result.summary(), result.metrics(), result.meanEntropy(), result.seconds(),
                result.created(), relative, c, result.dataNote());
        Path home = version.dir().resolve(origin.folder());
        updateSummary(home, entries -> {
            entries.put(result.key(), entry);
            return result.key();
        });
        return file;
    }

    /**
     * Removes a submitted result and its summary entry. Returns false when there was none; shipped results are never
     * touched.
     */
    public static boolean deleteSubmitted(Path versionDir, String key) throws IOException {
        Path home = versionDir.resolve(Origin.SUBMITTED.folder());
        if (!Files.isDirectory(home)) return false; // nothing was ever submitted: leave the version folder as it is
        boolean[] found = {false};
        updateSummary(home, entries -> {
            found[0] = entries.remove(key) != null;
            return "";
        });
        boolean file = Files.deleteIfExists(versionDir.resolve(Origin.SUBMITTED.resultPath(key)));
        return found[0] || file;
    }

    /** What a summary update does to the entries; returns the key to record as the latest ("" keeps the old one). */
    private interface SummaryEdit {
        String apply(Map<String, Entry> entries);
    }

    /** The locked read-modify-write of {@code home/metrics.json}. */
    private static synchronized void updateSummary(Path home, SummaryEdit edit) throws IOException {
        Path lockFile = Files.createDirectories(home.resolve("eval")).resolve(".lock");
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            MetricsFile before = read(home.resolve(METRICS));
            Map<String, Entry> entries = new TreeMap<>(before.evaluations());
            String latest = edit.apply(entries);
            if (latest.isEmpty()) latest = entries.containsKey(before.latest()) ? before.latest() : "";
            AtomicFiles.write(home.resolve(METRICS),
                    Json.write(new MetricsFile(latest, entries)).getBytes(StandardCharsets.UTF_8));
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
