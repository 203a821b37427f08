package io.guidestream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code blur-chain <model> …}: bad command lines and models that are not blur models are refused by name. */
class BlurChainCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private void assertRefused(String reason, String... args) throws Exception {
        int code = BlurChainCommand.run(args, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, text);
        assertTrue(text.contains(reason), text);
        err.reset();
    }

    @Test
    void badCommandLinesAndWrongModelsNameWhatIsWrong() throws Exception {
        TestModels.registry(dir);
        String models = dir.toString();
        assertRefused("usage: blur-chain <model>", "blur-chain");
        assertRefused("--n must be 1..1024, got 0", "blur-chain", "fashion-blur", "--n", "0");
        assertRefused("--steps must be an integer 1..1000, got 'all'", "blur-chain", "fashion-blur", "--steps", "all");
        assertRefused("unknown option --sampler", "blur-chain", "fashion-blur", "--sampler", "naive");
        assertRefused("--seed must be an integer", "blur-chain", "fashion-blur", "--seed", "x");
        assertRefused("unknown model 'fashion-blur'", "blur-chain", "fashion-blur", "--models", models);
        assertRefused(TestModels.COND + " is not a blur model", "blur-chain", TestModels.COND, "--models", models);
    }
}
