package io.guidestream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.TorchScriptModels;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
import io.guidestream.registry.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import <name> <file.pt> --card CARD.json [--default] [--models DIR]} on the committed TorchScript files:
 * exit 0 and a new registry version for a good file, 4 and the named problem for a refused one, 2 and the usage for a wrong
 * command line; the registry folder is byte for byte as it was after every refusal.
 */
@Tag("torchscript")
class ImportCommandTest {
    @TempDir
    Path dir;
    Path models;
    Path clfCard;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void cards() throws IOException {
        models = dir.resolve("models");
        clfCard = Files.writeString(dir.resolve("clf.json"), TorchScriptModels.classifierCard(""));
    }

    int run(String... args) throws Exception {
        out.reset();
        err.reset();
        return ImportCommand.run(Invocation.parse(args, Map.of()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String said() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aGoodFileBecomesAVersionAndASecondImportTheDefaultOnlyWithDefault() throws Exception {
        String file = TorchScriptModels.file("shapes32-clf.pt").toString();
        assertEquals(0, run("import", "my-clf", file, "--card", clfCard.toString(), "--models", models.toString()),
                said());
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("imported my-clf v1 ("), said());
        ModelVersion v1 = new ModelRegistry(models).require("my-clf");
        assertEquals(1, v1.version());
        assertEquals(ModelRole.CLASSIFIER, v1.card().role());
        assertEquals(10, v1.card().numClasses());
        assertEquals(Sha256.of(Path.of(file)), v1.card().paramsSha256(), "the file published as it was");

        assertEquals(0, run("import", "my-clf", file, "--card", clfCard.toString(), "--models", models.toString()),
                said());
        assertEquals(1, new ModelRegistry(models).require("my-clf").version(), "a second version, not the default");
        assertEquals(0, run("import", "my-clf", file, "--card", clfCard.toString(), "--default", "--models",
                models.toString()), said());
        assertTrue(said().startsWith("imported my-clf v3 ("), said());
        assertEquals(3, new ModelRegistry(models).require("my-clf").version());
    }

    @Test
    void aRefusedFileExitsWithItsProblemAndLeavesTheRegistryAsItWas() throws Exception {
        assertEquals(0, run("import", "my-clf", TorchScriptModels.file("shapes32-clf.pt").toString(), "--card",
                clfCard.toString(), "--models", models.toString()), said());
        Map<String, String> before = contents(models);

        Path nanCard = Files.writeString(dir.resolve("nan.json"), TorchScriptModels.card8("EPSILON", 0, ""));
        assertEquals(ImportCommand.REFUSED, run("import", "nan-eps", TorchScriptModels.file("nan8.pt").toString(),
                "--card", nanCard.toString(), "--models", models.toString()), said());
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("import refused, NON_FINITE_OUTPUT: "), said());
        assertEquals(before, contents(models));

        Path png = Files.write(dir.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        assertEquals(ImportCommand.REFUSED, run("import", "my-clf", png.toString(), "--card", clfCard.toString(),
                "--models", models.toString()), said());
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("import refused, NOT_TORCHSCRIPT: "), said());
        assertEquals(before, contents(models), "no version 2 of my-clf");
        assertEquals(1, new ModelRegistry(models).require("my-clf").version());
    }

    @Test
    void aWrongCommandLineGetsTheUsageAndTouchesNothing() throws Exception {
        String file = TorchScriptModels.file("shapes32-clf.pt").toString();
        String m = models.toString();
        String[][] wrong = {
            {"import", "--models", m},
            {"import", "my-clf", "--card", clfCard.toString(), "--models", m},
            {"import", "my-clf", file, "--models", m},
            {"import", "My_Clf", file, "--card", clfCard.toString(), "--models", m},
            {"import", "my-clf", file, "--card", clfCard.toString(), "--force", "--models", m},
            {"import", "my-clf", file, "--card", "--models", m},
        };
        String[] why = {"usage: import", "usage: import", "--card is required", "name must be a registry name",
            "unknown option --force", "--card needs a value"};
        for (int i = 0; i < wrong.length; i++) {
            assertEquals(2, run(wrong[i]), String.join(" ", wrong[i]) + ": " + said());
            assertTrue(said().contains(why[i]), String.join(" ", wrong[i]) + ": " + said());
        }
        assertTrue(!Files.exists(models) || contents(models).isEmpty(), "nothing published");
    }

    /** Every file under {@code root}, by relative path, with its SHA-256. */
    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Sha256.of(p));
            }
        }
        return files;
    }
}
