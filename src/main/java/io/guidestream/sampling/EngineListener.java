package io.guidestream.sampling;

/**
 * What the engine reports about its work, for whoever keeps statistics: the sampler binds it to its meters, so this
 * package stays free of any metrics library. Called on the engine's thread, so implementations must be cheap and
 * must not block.
 */
public interface EngineListener {
    EngineListener NONE = new EngineListener() {
    };

    /** One batched step (one forward pass, its probes and updates) of {@code items} items of {@code model}. */
    default void modelStep(String model, int items, long nanos) {
    }

    /**
     * One classifier probe (forward and backward) of {@code items} items through {@code classifier}: the items of
     * the jobs that need it at this step (guided, or reporting telemetry).
     */
    default void classifierPass(String classifier, int items) {
    }

    /** One tick: every live job advanced by one step, {@code items} items in all, frames delivered. */
    default void tick(int jobs, int items, long nanos) {
    }
}
