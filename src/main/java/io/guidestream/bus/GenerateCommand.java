package io.guidestream.bus;

import java.util.List;
import java.util.Set;

/**
 * A validated generation request on its way from a gateway to a sampler. Ranges are checked at the edge; what
 * depends on the models (does it exist, is the label in range, does the sampler fit it) the sampler checks.
 *
 * @param jobId        unique job id, chosen by the gateway
 * @param replyAddress event-bus address where the sampler sends this job's frames, done and errors
 * @param model        denoiser name
 * @param labels       one class label per item ({@code batch} entries); −1 asks for no class (unconditional)
 * @param seed         seeds the job's own noise generator
 * @param sampler      sampler settings
 * @param guidance     guidance settings
 * @param preview      which previews to stream, and how often
 */
public record GenerateCommand(String jobId, String replyAddress, String model, List<Integer> labels, long seed,
        SamplerSettings sampler, GuidanceSettings guidance, PreviewSettings preview) {

    public GenerateCommand {
        labels = List.copyOf(labels);
    }

    public int batch() {
        return labels.size();
    }

    /** {@code sampler}: kind, number of steps, DDIM's η. */
    public record SamplerSettings(SamplerKind kind, int steps, double eta) {
    }

    /**
     * {@code guidance}: method, class-guidance scale s, the classifier (null: the model's default), and the tail
     * and x̂0 parameters (used by {@code tail}).
     */
    public record GuidanceSettings(GuidanceMethod method, double scale, String classifier, double tailScale,
            double tailTau, double tailTMin, double x0Lambda, double entropyFloor) {
    }

    /** {@code preview}: stream images every {@code every} steps (the last step always), of these kinds. */
    public record PreviewSettings(int every, Set<PreviewKind> kinds) {
        public PreviewSettings {
            kinds = Set.copyOf(kinds);
        }
    }
}
