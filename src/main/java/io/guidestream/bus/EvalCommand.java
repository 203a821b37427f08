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
 * @param features the FEATURES-role classifier whose penultimate layer and softmax the metrics use
 * @param secondFeatures a second FEATURES model (classifier or autoencoder) in which FID, precision and recall are
 *                 measured too; {@link #DEFAULT_SECOND} means the shipped autoencoder when the registry has it,
 *                 {@link #NO_SECOND} none
 */
public record EvalCommand(String jobId, String model, int n, long seed, int batch, List<Integer> labels,
        GenerateCommand.SamplerSettings sampler, GenerateCommand.GuidanceSettings guidance, String features,
        String secondFeatures) {
    /** The second feature space of a request that names none: the shipped autoencoder, where there is one. */
    public static final String DEFAULT_SECOND = "fashion-ae";
    /** Asks for no second feature space. */
    public static final String NO_SECOND = "none";

    public EvalCommand {
        labels = List.copyOf(labels);
    }

    /** A command measured in the default second space (where the registry has it). */
    public EvalCommand(String jobId, String model, int n, long seed, int batch, List<Integer> labels,
            GenerateCommand.SamplerSettings sampler, GenerateCommand.GuidanceSettings guidance, String features) {
        this(jobId, model, n, seed, batch, labels, sampler, guidance, features, DEFAULT_SECOND);
    }
}
