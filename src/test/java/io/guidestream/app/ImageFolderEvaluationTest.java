package io.guidestream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.ShapesFolder;
import io.guidestream.bus.EvalCommand;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.bus.SamplerKind;
import io.guidestream.data.ImageFolder;
import io.guidestream.data.LabelledImages;
import io.guidestream.evaluation.MetricsReport;
import io.guidestream.evaluator.EvalResult;
import io.guidestream.evaluator.EvaluationRun;
import io.guidestream.registry.ImageFolderSource;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every objective of {@code train --images} on one tiny folder of 32×32 RGB shapes (4 classes, 6 training and 2
 * held-out images each), a few steps each: an ε-model, a noise-aware classifier ({@code ce}) and a features model
 * ({@code features}). The features model's card records the folder, so evaluating the ε-model in its space measures
 * against the folder's held-out images (never Fashion-MNIST's); a model of another folder is measured against them
 * too, and the result says so in words.
 */
class ImageFolderEvaluationTest {
    @TempDir
    static Path dir;
    static Path shapes;
    static ModelRegistry registry;

    @BeforeAll
    static void trainOnTheFolder() throws Exception {
        shapes = dir.resolve("shapes");
        ShapesFolder.write(shapes.resolve("train"), 4, 6, 32, 1);
        ShapesFolder.write(shapes.resolve("test"), 4, 2, 32, 2);
        // no test/: its own images are the reference
        Path other = ShapesFolder.write(dir.resolve("other"), 2, 4, 32, 3);
        train("shapes-eps", shapes, "eps");
        train("shapes-clf", shapes, "ce");
        train("shapes-features", shapes, "features");
        train("other-eps", other, "eps");
        registry = new ModelRegistry(dir.resolve("models"));
    }

    static void train(String name, Path images, String objective) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = TrainCommand.run(new String[] {"train", name, "3", "--batch", "8", "--images", images.toString(),
                "--objective", objective, "--runs", dir.resolve("runs").toString(), "--models",
                dir.resolve("models").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String said = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, said);
        assertTrue(said.contains("published " + name + " v1"), said);
    }

    /** No Fashion-MNIST on the way: an evaluation that reached for it would fail. */
    static EvalResult evaluate(String model, GenerateCommand.GuidanceSettings guidance) throws Exception {
        EvalCommand cmd = new EvalCommand("e-folder", model, 8, 7, 8, List.of(),
                new GenerateCommand.SamplerSettings(SamplerKind.DDIM, 2, 0), guidance, "shapes-features");
        return new EvaluationRun(registry, () -> {
            throw new AssertionError("Fashion-MNIST read for a model of an image folder");
        }).run(cmd, (phase, done, total, rate, eta) -> { }, () -> false);
    }

    @Test
    void aClassifierAndAFeaturesModelTrainOnTheFolderAndRecordIt() {
        ModelCard clf = registry.require("shapes-clf").card();
        assertEquals(ModelRole.CLASSIFIER, clf.role());
        assertEquals(4, clf.numClasses(), "classes from the subfolders");
        assertEquals("3×32×32", clf.network().imageShape());
        assertEquals(3.0, clf.metrics().get("trainedSteps"));
        assertTrue(clf.metrics().containsKey("testAccuracyClean"), "held-out figures: " + clf.metrics());

        ModelCard features = registry.require("shapes-features").card();
        assertEquals(ModelRole.FEATURES, features.role());
        assertEquals("3×32×32", features.network().imageShape());
        ImageFolderSource source = features.images();
        assertNotNull(source, "a model of an image folder records it");
        assertEquals(shapes.toAbsolutePath().normalize().toString(), source.folder());
        assertEquals(ImageFolderSource.HELD_OUT, source.referenceSplit());
        assertEquals(8, source.referenceImages());
        assertEquals(ImageFolder.load(shapes.resolve("test")).fingerprint(), source.referenceFingerprint());

        ImageFolderSource whole = registry.require("other-eps").card().images();
        assertNotNull(whole);
        assertEquals(ImageFolderSource.WHOLE, whole.referenceSplit(), "no test/: the training images");
        assertEquals(8, whole.referenceImages());
    }

    @Test
    void theEpsModelIsMeasuredAgainstTheFoldersHeldOutImages() throws Exception {
        EvalResult r = evaluate("shapes-eps", GenerateCommand.GuidanceSettings.none());
        LabelledImages heldOut = ImageFolder.load(shapes.resolve("test"));
        assertEquals("images:shapes test " + heldOut.fingerprint(), r.config().reference());
        assertNull(r.dataNote(), "same data set: nothing to say");
        assertFinite(r.metrics());
        assertEquals(8, r.metrics().n());
        assertNull(r.metrics().second(), "fashion-ae is not in this registry");
        Path cache = registry.require("shapes-features").dir()
                .resolve("reference-test-" + heldOut.fingerprint() + ".json");
        assertTrue(Files.isRegularFile(cache), "reference statistics cached beside the features model");
        assertTrue(Files.readString(cache).contains("\"images:shapes test\""));
    }

    @Test
    void theFoldersClassifierGuidesTheFoldersModel() throws Exception {
        EvalResult r = evaluate("shapes-eps",
                GenerateCommand.GuidanceSettings.of(GuidanceMethod.CLASSIFIER, 2).withClassifier("shapes-clf"));
        assertEquals("shapes-clf", r.config().guidance().classifier());
        assertEquals(2, r.entropyCurve().length, "the classifier read every step");
        for (double h : r.entropyCurve()) assertTrue(h > 0 && h <= Math.log(4) + 1e-6, "entropy over 4 classes: " + h);
        assertFinite(r.metrics());
    }

    @Test
    void aModelOfAnotherFolderIsMeasuredAgainstTheseImagesAndTheResultSaysSo() throws Exception {
        EvalResult r = evaluate("other-eps", GenerateCommand.GuidanceSettings.none());
        assertTrue(r.config().reference().startsWith("images:shapes test "), r.config().reference());
        assertNotNull(r.dataNote(), "different data sets must be said");
        assertTrue(r.dataNote().contains("model 'other-eps' was trained on images:other"), r.dataNote());
        assertTrue(r.dataNote().contains("the reference images are images:shapes test"), r.dataNote());
        assertFinite(r.metrics());
    }

    private static void assertFinite(MetricsReport m) {
        assertTrue(Double.isFinite(m.fid()) && m.fid() >= 0, "FID " + m.fid());
        assertTrue(m.inceptionScore() >= 1 && m.inceptionScore() <= 4 + 1e-9,
                "IS over 4 classes: " + m.inceptionScore());
        assertTrue(m.precision() >= 0 && m.precision() <= 1, "precision " + m.precision());
        assertTrue(m.recall() >= 0 && m.recall() <= 1, "recall " + m.recall());
    }
}
