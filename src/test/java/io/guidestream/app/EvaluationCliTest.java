package io.guidestream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval <model> …}: the command line runs an evaluation, prints one line and stores it like the evaluator. */
class EvaluationCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int eval(String... args) throws Exception {
        return EvaluateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void anEvaluationPrintsOneLineAndStoresTheResult(@TempDir Path dir) throws Exception {
        TestModels.registry(dir);
        int code = eval("eval", "tiny-cond", "--n", "8", "--seed", "4", "--sampler", "ddim", "--steps", "2",
                "--guidance", "classifier", "--scale", "2.0", "--classifier", "tiny-clf", "--features", "tiny-features",
                "--models", dir.toString(), "--data", "src/test/resources/fashion-mnist-slice");
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, stdout + err.toString(StandardCharsets.UTF_8));
        assertEquals(1, stdout.lines().count(), stdout);
        assertTrue(stdout.matches("(?s)tiny-cond v1 FID \\d+\\.\\d{3} sFID \\d+\\.\\d{3} IS .* P .* R .* acc .* n=8 \\d+\\.\\ds .*\\n"),
                stdout);
        Path stored = Path.of(stdout.trim().substring(stdout.trim().lastIndexOf(' ') + 1));
        assertTrue(Files.isRegularFile(stored), stored.toString());
        assertTrue(stored.startsWith(dir.resolve("tiny-cond/1/eval").toAbsolutePath()), stored.toString());
        assertTrue(Files.isRegularFile(dir.resolve("tiny-cond/1/metrics.json")));
    }

    @Test
    void reuseAnswersFromTheStoredResultOfTheSameSettingsOnly(@TempDir Path dir) throws Exception {
        TestModels.registry(dir);
        String[] args = {"eval", "tiny-cond", "--n", "8", "--seed", "4", "--steps", "2", "--guidance", "classifier",
                "--classifier", "tiny-clf", "--features", "tiny-features", "--models", dir.toString(), "--data",
                "src/test/resources/fashion-mnist-slice"};
        assertEquals(0, eval(args), err.toString(StandardCharsets.UTF_8));
        String first = out.toString(StandardCharsets.UTF_8);
        Path stored = Path.of(first.trim().substring(first.trim().lastIndexOf(' ') + 1));
        var written = Files.getLastModifiedTime(stored);
        out.reset();
        err.reset();

        assertEquals(0, eval(with(args, "--reuse", "yes")), err.toString(StandardCharsets.UTF_8));
        assertEquals(first, out.toString(StandardCharsets.UTF_8), "the same line, read back");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("reusing the result stored"));
        assertEquals(written, Files.getLastModifiedTime(stored), "nothing sampled or written again");
        out.reset();
        err.reset();

        // Another seed is another evaluation: it runs, and stores a second result.
        String[] otherSeed = with(args, "--reuse", "yes");
        otherSeed[5] = "5";
        assertEquals(0, eval(otherSeed), err.toString(StandardCharsets.UTF_8));
        String second = out.toString(StandardCharsets.UTF_8);
        assertTrue(!err.toString(StandardCharsets.UTF_8).contains("reusing"), err.toString(StandardCharsets.UTF_8));
        assertTrue(!second.trim().endsWith(stored.toString()), second);
        out.reset();
        err.reset();

        // Without --reuse the same settings run again.
        assertEquals(0, eval(args), err.toString(StandardCharsets.UTF_8));
        assertTrue(!err.toString(StandardCharsets.UTF_8).contains("reusing"));
        assertTrue(Files.getLastModifiedTime(stored).compareTo(written) >= 0);
        assertEquals(2, eval(with(args, "--reuse", "maybe")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--reuse takes yes or no, not 'maybe'"));
    }

    private static String[] with(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    @Test
    void badOptionsAreNamed(@TempDir Path dir) throws Exception {
        assertEquals(2, eval("eval", "tiny-cond", "--colour", "red", "--models", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --colour"));
        assertEquals(2, eval("eval", "tiny-cond", "--n", "0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("n must be 4..50000, got 0"));
        assertEquals(2, eval("eval", "tiny-cond", "--steps", "many"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("sampler.steps must be an integer"));
        assertEquals(2, eval("eval"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: eval <model>"));
    }
}
