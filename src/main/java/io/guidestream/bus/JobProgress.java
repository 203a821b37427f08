package io.guidestream.bus;

import java.util.Map;

/**
 * The state of a long job (training or evaluation), as polled over REST and streamed on {@code /ws/jobs/{id}}.
 *
 * @param jobId           the job
 * @param kind            {@code train} or {@code eval}
 * @param state           queued, running, completed, cancelled or failed
 * @param step            work done (optimizer steps, or samples)
 * @param steps           work planned
 * @param loss            recent mean loss (training; NaN otherwise)
 * @param imagesPerSecond recent throughput
 * @param etaSeconds      estimated time left
 * @param message         a line for people (the error, when failed)
 * @param result          what it produced (e.g. {@code publishedVersion}, metrics)
 */
public record JobProgress(String jobId, String kind, String state, long step, long steps, double loss,
        double imagesPerSecond, double etaSeconds, String message, Map<String, Object> result) {

    public JobProgress {
        result = Map.copyOf(result);
    }

    public boolean finished() {
        return state.equals("completed") || state.equals("cancelled") || state.equals("failed");
    }
}
