package io.guidestream.config;

/**
 * {@code evaluator}: the evaluator role (its reference statistics come from the test set in {@code data.dir}).
 *
 * @param queueSize evaluation jobs that may wait behind the running one (a full queue answers CAPACITY)
 */
public record EvaluatorConfig(int queueSize) {
    public EvaluatorConfig {
        if (queueSize < 0 || queueSize > 100) {
            throw new IllegalArgumentException("evaluator.queueSize must be 0..100, got " + queueSize);
        }
    }

    public static EvaluatorConfig defaults() {
        return new EvaluatorConfig(8);
    }
}
