package io.guidestream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.ShapesFolder;
import io.guidestream.registry.ModelRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train <preset> …}: bad command lines are refused before any data is read, with a reason and the usage; a run
 * publishes a new version, which becomes the default only with {@code --default}.
 */
class TrainCommandTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    @TempDir
    Path dir;

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

    /**
     * Issue 26: every finished run used to become the default that every user gets. A few steps of a classifier on a
     * folder of 32×32 shapes, published three times by the CLI itself: the first version is the default, the second
     * (no {@code --default}) is only a version, the third ({@code --default --allow-worse}) moves the default.
     */
    @Test
    void aRunWithoutDefaultPublishesAVersionAndLeavesTheDefaultAlone() throws Exception {
        ShapesFolder.write(dir.resolve("shapes/train"), 2, 4, 32, 1);
        ShapesFolder.write(dir.resolve("shapes/test"), 2, 2, 32, 2);
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"));

        assertTrue(train("2").contains("published shapes-clf v1"));
        assertEquals(1, registry.require("shapes-clf").version(), "a model's first version is its default");

        String second = train("3");
        assertTrue(second.contains("published shapes-clf v2"), second);
        assertTrue(second.contains("published as a version; the default stays v1"), second);
        assertEquals(1, registry.require("shapes-clf").version(), "the default is untouched");
        assertEquals(3.0, registry.find("shapes-clf", 2).orElseThrow().card().metrics().get("trainedSteps"));

        String third = train("4", "--default", "--allow-worse");
        assertTrue(third.contains("published shapes-clf v3"), third);
        assertEquals(3, registry.require("shapes-clf").version(), "--default moves it: " + third);
    }

    /** {@code train shapes-clf <steps> --images … --objective ce} plus {@code more}; returns what it printed. */
    private String train(String steps, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "shapes-clf", steps, "--batch", "4", "--images",
                dir.resolve("shapes").toString(), "--objective", "ce", "--runs", dir.resolve("runs").toString(),
                "--models", dir.resolve("models").toString()));
        args.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = TrainCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String said = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        err.reset();
        assertEquals(0, code, said);
        return said;
    }
}
