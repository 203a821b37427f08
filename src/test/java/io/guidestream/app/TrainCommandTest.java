package io.guidestream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code train <preset> …}: bad command lines are refused before any data is read, with a reason and the usage. */
class TrainCommandTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private void assertRefused(String reason, String... args) throws Exception {
        int code = TrainCommand.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, text);
        assertTrue(text.contains(reason), text);
        assertTrue(text.contains("usage: train <preset> [steps] [--minutes M] [--batch B]"), text);
        err.reset();
    }

    @Test
    void badCommandLinesNameWhatIsWrong() throws Exception {
        assertRefused("usage", "train");
        assertRefused("usage", "train", "--minutes", "3");
        assertRefused("unknown preset 'fashion-xl'", "train", "fashion-xl", "100");
        assertRefused("unknown option --speed", "train", "fashion-cond", "100", "--speed", "2");
        assertRefused("--minutes needs a value", "train", "fashion-cond", "100", "--minutes");
        assertRefused("--minutes must be >= 0, got -1.0", "train", "fashion-cond", "--minutes", "-1");
        assertRefused("steps must be a number, got 'many'", "train", "fashion-cond", "many");
        assertRefused("--minutes must be a number, got 'soon'", "train", "fashion-cond", "--minutes", "soon");
        assertRefused("--allow-worse needs --default", "train", "fashion-cond", "100", "--allow-worse");
    }
}
