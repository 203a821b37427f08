package io.guidestream.sampler;

import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.SamplerKind;
import io.guidestream.bus.StepFrame;
import io.guidestream.sampling.FrameSink;
import io.guidestream.sampling.SamplingEngine;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Loads the default models and runs one two-step job on each (forward, classifier probe, PNG encoding), so that the
 * first user does not pay for loading and the engine's first-call costs; readiness waits for it.
 */
final class Warmup {
    private static final Logger LOG = Logger.getLogger(Warmup.class.getName());

    private Warmup() {
    }

    static void run(SamplingEngine engine, List<String> models) {
        FrameSink discard = new FrameSink() {
            @Override
            public void frame(GenerateCommand job, StepFrame frame) {
            }

            @Override
            public void done(GenerateCommand job, JobEvent.Done done) {
            }

            @Override
            public void failed(GenerateCommand job, JobEvent.Failed failed) {
                LOG.warning("warm-up job failed: " + failed.message());
            }
        };
        for (String model : models) {
            long start = System.nanoTime();
            GenerateCommand cmd = new GenerateCommand("warmup-" + model, "", model, List.of(0), 0,
                    new GenerateCommand.SamplerSettings(SamplerKind.DDIM, 2, 0),
                    GenerateCommand.GuidanceSettings.none(),
                    new GenerateCommand.PreviewSettings(1, Set.of(io.guidestream.bus.PreviewKind.XT)));
            engine.admit(cmd);
            while (!engine.idle()) engine.tick(discard);
            LOG.info("warmed " + model + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
    }
}
