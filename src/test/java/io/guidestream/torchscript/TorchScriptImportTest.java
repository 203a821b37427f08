package io.guidestream.torchscript;

import static io.guidestream.TorchScriptModels.card8;
import static io.guidestream.TorchScriptModels.classifierCard;
import static io.guidestream.TorchScriptModels.epsCard;
import static io.guidestream.TorchScriptModels.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.TorchScriptModels;
import io.guidestream.bus.PublishMode;
import io.guidestream.nn.TorchScriptConfig;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
import io.guidestream.registry.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Importing TorchScript files (docs/MODELS.md): a good ε-network and classifier become registry versions with cards
 * that say how to call them; every bad file or card is refused with its named {@link ImportProblem}, and the registry
 * folder is byte for byte what it was.
 */
@Tag("torchscript")
class TorchScriptImportTest {
    @TempDir
    Path dir;
    @TempDir
    Path scratch;
    ModelRegistry registry;
    ModelImport imports;

    @BeforeEach
    void registry() throws IOException {
        registry = TorchScriptModels.registry(dir);
        imports = new ModelImport(registry);
    }

    @Test
    void anImportedVersionRecordsHowToCallItsFile() throws IOException {
        ModelVersion eps = registry.require(TorchScriptModels.EPS);
        assertEquals(1, eps.version());
        assertEquals(ModelRole.EPSILON, eps.card().role());
        TorchScriptConfig net = assertInstanceOf(TorchScriptConfig.class, eps.card().network());
        assertEquals(6, net.outputChannels());
        assertTrue(net.learnedVariance());
        assertEquals(TorchScriptConfig.TimestepType.INT64, net.timestepType());
        assertEquals(Sha256.of(file("shapes32-eps.pt")), eps.card().paramsSha256(), "the file published as it was");
        assertEquals(Sha256.of(file("shapes32-eps.pt")), Sha256.of(eps.params()));
        assertTrue(eps.card().parameters() > 50_000, "counted from the module: " + eps.card().parameters());
        assertEquals(TorchScriptModels.CLASSIFIER, eps.card().classifier());
        assertEquals(ModelImport.SOURCE, eps.card().sourceRevision());
        assertEquals(10, registry.require(TorchScriptModels.CLASSIFIER).card().numClasses());
    }

    @Test
    void aSecondImportIsANewVersionAndBecomesTheDefaultOnlyWhenAsked() throws IOException {
        ModelRegistry.Publication kept = imports.run(TorchScriptModels.EPS, file("shapes32-eps.pt"),
                ImportCard.parse(epsCard("")), PublishMode.VERSION);
        assertEquals(2, kept.version().version());
        assertEquals(1, registry.require(TorchScriptModels.EPS).version(), kept.decision().reason());
        ModelRegistry.Publication made = imports.run(TorchScriptModels.EPS, file("shapes32-eps.pt"),
                ImportCard.parse(epsCard("")), PublishMode.DEFAULT);
        assertEquals(3, registry.require(TorchScriptModels.EPS).version(), made.decision().reason());
    }

    @Test
    void notTorchScript() throws IOException {
        Path png = Files.write(scratch.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        assertRefused(ImportProblem.NOT_TORCHSCRIPT, "x", png, card8("EPSILON", 0, ""),
                "not a TorchScript archive");
        Path zip = scratch.resolve("notes.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("notes.txt"));
            out.write("a zip, but no TorchScript".getBytes());
        }
        assertRefused(ImportProblem.NOT_TORCHSCRIPT, "x", zip, card8("EPSILON", 0, ""), "PyTorch cannot load");
        Path empty = Files.write(scratch.resolve("empty.pt"), new byte[0]);
        assertRefused(ImportProblem.NOT_TORCHSCRIPT, "x", empty, card8("EPSILON", 0, ""), "it is empty");
    }

    @Test
    void aTruncatedFile() throws IOException {
        byte[] whole = Files.readAllBytes(file("shapes32-clf.pt"));
        Path half = Files.write(scratch.resolve("half.pt"), Arrays.copyOf(whole, whole.length / 2));
        assertRefused(ImportProblem.TRUNCATED, "x", half, classifierCard(""), "cut short");
        String declared = ", \"sha256\": \"" + Sha256.of(file("shapes32-clf.pt")) + "\"";
        assertRefused(ImportProblem.DIGEST_MISMATCH, "x", half, classifierCard(declared), "damaged or cut short");
    }

    @Test
    void wrongInputAndOutputShapes() {
        assertRefused(ImportProblem.INPUT_SHAPE, "x", file("linear8.pt"),
                classifierCard("").replace("\"imageSize\": 32", "\"imageSize\": 16"), "shapes cannot be multiplied");
        assertRefused(ImportProblem.OUTPUT_SHAPE, "x", file("linear8.pt"), card8("EPSILON", 0, ""),
                "is it a classifier?");
        assertRefused(ImportProblem.OUTPUT_SHAPE, "x", file("nan8.pt"), card8("CLASSIFIER", 10, ""),
                "is it an ε-network?");
    }

    @Test
    void nonFiniteOutputsAndWeights() {
        assertRefused(ImportProblem.NON_FINITE_OUTPUT, "x", file("nan8.pt"), card8("EPSILON", 0, ""),
                "are NaN or infinite");
        assertRefused(ImportProblem.NON_FINITE_WEIGHTS, "x", file("nan-weights8.pt"), card8("CLASSIFIER", 10, ""),
                "parameter 'w' has 1 non-finite");
    }

    @Test
    void cardsThatContradictTheirFile() {
        assertRefused(ImportProblem.CARD_CONTRADICTS_FILE, "x", file("shapes32-eps.pt"),
                epsCard("").replace("\"numClasses\": 10", "\"numClasses\": 0"), "forward takes (x, t, y)");
        assertRefused(ImportProblem.CARD_CONTRADICTS_FILE, "x", file("shapes32-eps.pt"),
                epsCard("").replace("\"outputChannels\": 6", "\"outputChannels\": 3"), "set outputChannels 6");
        assertRefused(ImportProblem.CARD_CONTRADICTS_FILE, "x", file("shapes32-clf.pt"),
                classifierCard("").replace("\"numClasses\": 10", "\"numClasses\": 5"), "returns 10 logits");
        assertRefused(ImportProblem.CARD_CONTRADICTS_FILE, "x", file("embedded-t8.pt"),
                card8("EPSILON", 0, ", \"timestepType\": \"float32\""), "takes t as int64");
    }

    @Test
    void aBatchSizeBakedIntoTheTrace() {
        assertRefused(ImportProblem.FIXED_BATCH, "x", file("fixed-batch8.pt"), card8("EPSILON", 0, ""),
                "not on a batch of 1");
    }

    @Test
    void aClassifierThatCannotGuide() {
        assertRefused(ImportProblem.NO_INPUT_GRADIENT, "x", file("detached8.pt"), card8("CLASSIFIER", 10, ""),
                "cannot guide");
    }

    @Test
    void cardsThatAreInvalidOrDoNotFitTheRegistry() {
        assertRefused(ImportProblem.INVALID_CARD, "x", file("shapes32-clf.pt"),
                classifierCard("").replace("\"imageSize\": 32,", ""), "imageSize must be given");
        assertRefused(ImportProblem.INVALID_CARD, "x", file("shapes32-clf.pt"), classifierCard(", \"colour\": 1"),
                "colour");
        assertRefused(ImportProblem.INVALID_CARD, "x", file("shapes32-eps.pt"),
                epsCard(", \"timestepScale\": 0.001"), "timestepScale must be 1 unless timestepType is float32");
        assertRefused(ImportProblem.INVALID_CARD, "x", file("shapes32-eps.pt"),
                epsCard(", \"classifier\": \"nobody\""), "classifier 'nobody' is not in the registry");
        assertRefused(ImportProblem.REGISTRY_CONFLICT, TorchScriptModels.EPS, file("shapes32-clf.pt"),
                classifierCard(""), "a new version must be the same kind");
    }

    /** Refused with {@code problem} and a message containing {@code says}; the registry folder is unchanged. */
    private void assertRefused(ImportProblem problem, String name, Path tsFile, String cardJson, String says) {
        Map<String, String> before = snapshot();
        ImportRefusedException e = assertThrows(ImportRefusedException.class,
                () -> imports.run(name, tsFile, ImportCard.parse(cardJson), PublishMode.DEFAULT));
        assertEquals(problem, e.problem(), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
        assertEquals(before, snapshot(), "the registry is as it was after " + problem);
    }

    /** Every file of the registry folder and its digest. */
    private Map<String, String> snapshot() {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Sha256.of(p));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return files;
    }
}
