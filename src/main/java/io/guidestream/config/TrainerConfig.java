package io.guidestream.config;

/**
 * {@code trainer}: the trainer role (its data set is {@code data.dir}, shared with the evaluator).
 *
 * @param runsDir   where training runs keep their checkpoints
 * @param queueSize training jobs that may wait behind the running one
 */
public record TrainerConfig(String runsDir, int queueSize) {
    public TrainerConfig {
        if (runsDir == null || runsDir.isBlank()) throw new IllegalArgumentException("trainer.runsDir must be a folder");
        if (queueSize < 0 || queueSize > 100) {
            throw new IllegalArgumentException("trainer.queueSize must be 0..100, got " + queueSize);
        }
    }

    public static TrainerConfig defaults() {
        return new TrainerConfig("runs", 4);
    }
}
