package io.guidestream.bus;

import java.util.List;

/**
 * A validated evaluation request on its way from a gateway (or the {@code eval} command) to an evaluator. Ranges are
 * checked at the edge; what depends on the registry (do the model, classifier and features model exist, do the
 * labels fit the classes) the evaluator checks before it queues the job.
 *
 * @param jobId    unique job id ({@code e-…}), chosen by the gateway
 * @param model    the denoiser to evaluate (its current default version)
 * @param n        number of samples to generate
 * @param seed     the evaluation seed; every chunk's noise seed is derived from it, so a rerun is identical
 * @param batch    samples per sampler job (chunk); part of the configuration, since noise is drawn per chunk
 * @param labels   classes to generate, cycled over the samples; empty means balanced i mod C for conditional or
 *                 guided runs and no label for unguided runs of unconditional models
 * @param sampler  sampler settings, as for {@code generate}
 * @param guidance guidance settings, as for {@code generate}
 * @param features the FEATURES-role model whose penultimate layer and softmax the metrics use
 */
public record EvalCommand(String jobId, String model, int n, long seed, int batch, List<Integer> labels,
        GenerateCommand.SamplerSettings sampler, GenerateCommand.GuidanceSettings guidance, String features) {

    public EvalCommand {
        labels = List.copyOf(labels);
    }
}
