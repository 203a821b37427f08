package io.guidestream.bus;

/**
 * A validated training request on its way from a gateway to a trainer (ranges checked at the edge; what depends
 * on the registry, such as an unknown base model, the trainer checks).
 *
 * @param jobId           unique job id, chosen by the gateway
 * @param model           registry name to publish under
 * @param preset          architecture preset: {@code unet-cond}, {@code unet-uncond} or {@code classifier}
 * @param objective       eps, stf, soft, ce, ect or features (lowercase wire name)
 * @param steps           optimizer steps
 * @param batch           images per step
 * @param learningRate    peak learning rate
 * @param seed            run seed
 * @param checkpointEvery steps between checkpoints
 * @param resumeFrom      a previous training job id whose checkpoint to continue from, or null
 * @param baseModel       a registry model whose current weights initialise the network, or null
 * @param publish         whether the result only becomes a new version or also the default
 * @param allowWorse      with {@link PublishMode#DEFAULT}: make it the default even if its held-out figures are worse
 */
public record TrainCommand(String jobId, String model, String preset, String objective, int steps, int batch,
        double learningRate, long seed, int checkpointEvery, String resumeFrom, String baseModel, PublishMode publish,
        boolean allowWorse) {
}
