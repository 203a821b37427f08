package io.guidestream.training;

/** Receives a training run's progress; called on the training thread, so implementations must be quick. */
public interface TrainingListener {
    void onProgress(TrainingProgress progress);

    default void onCheckpoint(long step) {
    }

    TrainingListener NONE = progress -> { };
}
