package io.guidestream.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.TestConfig;
import io.guidestream.TestModels;
import io.guidestream.app.Launcher;
import io.guidestream.config.Role;
import io.guidestream.json.Json;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real web app in a real browser: starts the whole service (gateway, sampler, trainer, evaluator) on the
 * tiny test models (with a blur model and a second features network) and the committed Fashion-MNIST slice, then runs
 * {@code src/test/browser/webapp.spec.mjs} (Node + playwright-core driving Debian's Chromium) against it. The script
 * generates, cancels, drops and resumes the connection, re-attaches a run after a reload, compares configurations,
 * plots a blur model's schedule and sixteen told-apart series, reproduces a run from its URL, downloads PNGs that carry
 * their settings, keeps runs in the gallery across a reload, trains, evaluates in two feature spaces, compares stored
 * evaluations and plots their trade-off, loses a cancel's answer to the job's final state without showing it, deletes
 * a submitted evaluation, opens a model card and checks a laptop and a 390 px screen;
 * it prints one {@code RESULT {json}} line per check and leaves screenshots in {@code target/browser/}.
 *
 * <p>Needs {@code /usr/bin/chromium} (or {@code -Dbrowser.chromium=PATH}), {@code node} and {@code npm ci} in
 * {@code src/test/browser}; {@code bin/test} installs them. {@code -Dbrowser.skip=true} skips this test.
 */
class WebAppBrowserTest {
    private static final Path SCRIPT_DIR = Path.of("src/test/browser");
    private static final Path SCREENSHOTS = Path.of("target/browser");
    /** A second FEATURES model, so that evaluations report a second feature space (issue 21). */
    static final String SECOND_FEATURES = "tiny-features-b";
    private static final List<String> CHECKS = List.of("page-loads", "every-control-labelled",
            "generate-streams-steps-and-images", "cancel", "resume-after-dropped-connection", "reattach-after-reload",
            "compare-two-configurations", "blur-model-plots-its-schedule", "sixteen-series-are-told-apart",
            "unconditional-unguided-has-no-class", "shared-url-reproduces-a-run", "downloads-are-pngs-with-the-settings",
            "gallery-across-reload", "train-job-progress-and-cancel", "eval-job", "eval-reports-compare",
            "eval-tradeoff-plots", "evaluation-cancel-race", "delete-a-submitted-evaluation", "laptop-screen-layout",
            "defaults-agree", "url-state-yields-to-navigation", "models-list-and-card", "narrow-screen", "no-page-errors");
    private static final long SCRIPT_TIMEOUT_S = 720;

    @TempDir
    static Path dir;
    static Vertx vertx;
    static Launcher.Running running;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("browser.skip"), "browser tests skipped (-Dbrowser.skip=true)");
        requirePrerequisites();
        ModelRegistry registry = TestModels.registry(dir.resolve("models"));
        TestModels.addBlur(registry);
        TestModels.publish(registry, SECOND_FEATURES, ModelRole.FEATURES, TestModels.tinyClassifier(), 10, null, 6);
        vertx = Vertx.vertx();
        running = Launcher.start(vertx, TestConfig.of(EnumSet.allOf(Role.class), dir.resolve("models"),
                dir.resolve("runs"), List.of(TestModels.COND))).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static String chromium() {
        return System.getProperty("browser.chromium", "/usr/bin/chromium");
    }

    /** Fails (not skips) with what to install: CI must run this test, and bin/test installs all of it. */
    static void requirePrerequisites() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(Path.of(chromium()))) {
            missing.add(chromium() + " (Debian: sudo apt-get install -y chromium)");
        }
        if (!onPath("node")) missing.add("node (Node.js 20 or newer)");
        if (!Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core"))) {
            missing.add("playwright-core (run: cd src/test/browser && npm ci)");
        }
        if (!missing.isEmpty()) {
            fail("The browser test needs " + String.join(", ", missing) + ". bin/test installs them; "
                    + "or skip this test with -Dbrowser.skip=true.");
        }
    }

    static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, command))) return true;
        }
        return false;
    }

    @Test
    void theWebAppGeneratesKeepsComparesTrainsEvaluatesAndBrowsesModels() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path log = SCREENSHOTS.resolve("webapp.spec.log");
        Process p = new ProcessBuilder("node", "webapp.spec.mjs", "http://127.0.0.1:" + running.port() + "/",
                SCREENSHOTS.toAbsolutePath().toString(), chromium())
                .directory(SCRIPT_DIR.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(SCRIPT_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("the browser script ran longer than " + SCRIPT_TIMEOUT_S + " s; output:\n" + read(log));
        }
        String output = read(log);
        Map<String, JsonNode> results = results(output);
        List<String> failures = new ArrayList<>();
        for (String check : CHECKS) {
            JsonNode r = results.get(check);
            if (r == null) failures.add(check + ": did not run");
            else if (!r.path("ok").asBoolean()) failures.add(check + ": " + r.path("detail").asText());
        }
        assertTrue(failures.isEmpty(), "browser checks failed:\n  " + String.join("\n  ", failures)
                + "\nscreenshots in " + SCREENSHOTS.toAbsolutePath() + "\noutput:\n" + output);
        assertEquals(0, p.exitValue(), output);
        for (String shot : List.of("generate.png", "compare.png", "generate-blur.png", "plots-sixteen.png",
                "shared-url.png", "zoom.png", "gallery.png", "models.png", "train.png", "eval.png", "eval-compare.png",
                "eval-tradeoff.png", "compare-laptop.png", "eval-narrow.png", "generate-narrow.png")) {
            assertTrue(Files.size(SCREENSHOTS.resolve(shot)) > 10_000, shot + " was written");
        }
    }

    /** The script's RESULT lines by check name. */
    static Map<String, JsonNode> results(String output) throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (!line.startsWith("RESULT ")) continue;
            JsonNode r = Json.MAPPER.readTree(line.substring("RESULT ".length()));
            out.put(r.path("name").asText(), r);
        }
        return out;
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
