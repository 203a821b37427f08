package io.guidestream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.ShapesFolder;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.PreviewKind;
import io.guidestream.bus.SamplerKind;
import io.guidestream.bus.StepFrame;
import io.guidestream.nn.UNetConfig;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelVersion;
import io.guidestream.sampling.FrameSink;
import io.guidestream.sampling.ModelStore;
import io.guidestream.sampling.SamplingEngine;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train <name> --images DIR}: a class-conditional U-Net sized from a folder of 32×32 RGB PNGs trains for a few
 * steps (of 16 images), is published with held-out figures from the folder's {@code test/} split, and samples RGB images.
 */
class ImageFolderTrainingTest {
    @TempDir
    Path dir;

    @Test
    void aUNetTrainsOnAnRgbImageFolderAndSamplesRgbImages() throws Exception {
        ShapesFolder.write(dir.resolve("shapes/train"), 4, 6, 32, 1);
        ShapesFolder.write(dir.resolve("shapes/test"), 4, 2, 32, 2);
        Path models = dir.resolve("models");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainCommand.run(new String[] {"train", "rgb-shapes", "3", "--batch", "16", "--images",
                dir.resolve("shapes").toString(), "--runs", dir.resolve("runs").toString(), "--models",
                models.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String said = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, said);
        assertTrue(said.contains("published rgb-shapes v1"), said);

        ModelRegistry registry = new ModelRegistry(models);
        ModelVersion v = registry.require("rgb-shapes");
        UNetConfig net = (UNetConfig) v.card().network();
        assertEquals(3, net.imageChannels(), "channels from the data");
        assertEquals(32, net.imageSize(), "size from the data");
        assertEquals(4, v.card().numClasses(), "classes from the subfolders");
        assertEquals("images:shapes", v.card().dataset());
        assertEquals(3.0, v.card().metrics().get("trainedSteps"));
        assertTrue(v.card().metrics().containsKey("testDsmLossT150"), "held-out figures from test/: "
                + v.card().metrics());

        List<byte[]> pngs = new ArrayList<>();
        try (ModelStore store = new ModelStore(registry); SamplingEngine engine = new SamplingEngine(store, 8, "t")) {
            engine.admit(new GenerateCommand("j", "", "rgb-shapes", List.of(0, 3), 1,
                    new GenerateCommand.SamplerSettings(SamplerKind.DDIM, 2, 0),
                    GenerateCommand.GuidanceSettings.none(),
                    new GenerateCommand.PreviewSettings(1, Set.of(PreviewKind.XT))));
            FrameSink sink = new FrameSink() {
                @Override
                public void frame(GenerateCommand job, StepFrame frame) {
                    frame.images().forEach(p -> pngs.add(p.png()));
                }

                @Override
                public void done(GenerateCommand job, JobEvent.Done done) {
                }

                @Override
                public void failed(GenerateCommand job, JobEvent.Failed failed) {
                    throw new AssertionError(failed.message());
                }
            };
            while (!engine.idle()) engine.tick(sink);
        }
        assertEquals(4, pngs.size());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(pngs.get(3)));
        assertEquals(3, img.getRaster().getNumBands());
        assertEquals(32, img.getWidth());
    }
}
