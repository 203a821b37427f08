package io.guidestream.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.guidestream.TestConfig;
import io.guidestream.TestModels;
import io.guidestream.app.Launcher;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.PreviewKind;
import io.guidestream.bus.SamplerKind;
import io.guidestream.bus.StepFrame;
import io.guidestream.config.AppConfig;
import io.guidestream.config.DeviceChoice;
import io.guidestream.config.Role;
import io.guidestream.config.SamplerConfig;
import io.guidestream.sampling.FrameSink;
import io.guidestream.sampling.LoadedModel;
import io.guidestream.sampling.ModelStore;
import io.guidestream.sampling.SamplingEngine;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sampler.device}: how each choice resolves with and without a GPU, and the CPU path end to end (models and
 * trajectories on the chosen device). This machine has no GPU, so the GPU path is only checked to refuse cleanly.
 */
class SamplerDeviceTest {
    @Test
    void choicesResolveByTheGpusTheEngineSees() {
        assertEquals(Device.cpu(), SamplerDevice.resolve(DeviceChoice.AUTO, 0));
        assertEquals(Device.gpu(), SamplerDevice.resolve(DeviceChoice.AUTO, 2));
        assertEquals(Device.cpu(), SamplerDevice.resolve(DeviceChoice.CPU, 2));
        assertEquals(Device.gpu(), SamplerDevice.resolve(DeviceChoice.GPU, 1));
        var e = assertThrows(IllegalStateException.class, () -> SamplerDevice.resolve(DeviceChoice.GPU, 0));
        assertTrue(e.getMessage().contains("sees no GPU") && e.getMessage().contains("k8s/README.md"), e.getMessage());
        assertEquals("cpu", SamplerDevice.label(Device.cpu()));
        assertEquals("gpu1", SamplerDevice.label(Device.gpu(1)));
    }

    @Test
    void autoIsTheCpuOnAMachineWithoutAGpu() {
        if (Engine.getInstance().getGpuCount() == 0) {
            assertEquals(Device.cpu(), SamplerDevice.resolve(DeviceChoice.AUTO));
        }
    }

    @Test
    void aGpuSamplerWithoutAGpuFailsToStartWithTheReason(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
        TestModels.registry(dir);
        AppConfig c = TestConfig.of(EnumSet.of(Role.SAMPLER), dir, dir.resolve("runs"), List.of(TestModels.COND));
        AppConfig gpu = c.withSampler(new SamplerConfig(8, List.of(), DeviceChoice.GPU, 0));
        Vertx vertx = Vertx.vertx();
        try {
            var e = assertThrows(ExecutionException.class, () -> Launcher.start(vertx, gpu).toCompletionStage()
                    .toCompletableFuture().get(60, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("sampler.device is gpu"), e.getCause().toString());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void anEngineOnTheCpuLoadsAndSamplesThere(@TempDir Path dir) throws Exception {
        try (ModelStore store = new ModelStore(TestModels.registry(dir), Device.cpu());
                SamplingEngine engine = new SamplingEngine(store, 8, "t")) {
            assertEquals(Device.cpu(), engine.device());
            engine.admit(new GenerateCommand("j", "", TestModels.COND, List.of(3), 1,
                    new GenerateCommand.SamplerSettings(SamplerKind.DDIM, 3, 0),
                    GenerateCommand.GuidanceSettings.none(),
                    new GenerateCommand.PreviewSettings(1, Set.of(PreviewKind.XT))));
            List<String> events = new ArrayList<>();
            while (!engine.idle()) engine.tick(new FrameSink() {
                @Override
                public void frame(GenerateCommand job, StepFrame frame) {
                    events.add("step");
                }

                @Override
                public void done(GenerateCommand job, JobEvent.Done done) {
                    events.add("done");
                }

                @Override
                public void failed(GenerateCommand job, JobEvent.Failed failed) {
                    events.add("failed " + failed.message());
                }
            });
            assertEquals(List.of("step", "step", "step", "done"), events);
            for (LoadedModel m : store.loadedModels()) {
                assertEquals(Device.cpu(), m.manager().getDevice(), m.card().name());
                m.block().getParameters().values().forEach(p -> assertEquals(Device.cpu(), p.getArray().getDevice()));
            }
        }
    }
}
