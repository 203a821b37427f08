package io.guidestream.sampling;

import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.bus.PreviewKind;
import io.guidestream.bus.SamplerKind;
import java.util.List;
import java.util.Set;

/** Builders of generation commands for tests. */
final class Commands {
    private Commands() {
    }

    static GenerateCommand ddim(String jobId, String model, List<Integer> labels, long seed, int steps,
            GuidanceMethod method, double scale) {
        return new GenerateCommand(jobId, "reply." + jobId, model, labels, seed,
                new GenerateCommand.SamplerSettings(SamplerKind.DDIM, steps, 0),
                GenerateCommand.GuidanceSettings.of(method, scale).withX0Lambda(0.1),
                new GenerateCommand.PreviewSettings(1, Set.of(PreviewKind.XT, PreviewKind.X0)));
    }

    static GenerateCommand withSampler(GenerateCommand c, SamplerKind kind, double eta) {
        return new GenerateCommand(c.jobId(), c.replyAddress(), c.model(), c.labels(), c.seed(),
                new GenerateCommand.SamplerSettings(kind, c.sampler().steps(), eta), c.guidance(), c.preview());
    }

    /** The command reading the classifier every {@code every} steps and at the last (0: never). */
    static GenerateCommand withTelemetry(GenerateCommand c, int every) {
        return new GenerateCommand(c.jobId(), c.replyAddress(), c.model(), c.labels(), c.seed(), c.sampler(),
                c.guidance(), c.preview(), new GenerateCommand.TelemetrySettings(every));
    }
}
