package io.guidestream.evaluator;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.guidestream.evaluation.MetricsReport;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One finished evaluation, as stored in {@code <model>/<version>/eval/<key>.json} (or under {@code submitted/}: see
 * {@link ResultStore.Origin}).
 *
 * @param key               SHA-1 of the canonical config (the file name)
 * @param config            what was evaluated, fully resolved
 * @param metrics           FID, IS, precision/recall (k = 3), accuracy, n
 * @param summary           {@code metrics.toString()}, one line for people and logs
 * @param meanEntropy       mean entropy (nats) of the features classifier on the final samples
 * @param entropyCurve      per sampler step, the mean entropy of the noise-aware classifier over all samples (empty
 *                          when the run had no classifier)
 * @param scaleCurve        per sampler step, the mean class-guidance scale applied
 * @param guidanceNormCurve per sampler step, the mean size s·‖∇ log p(y | x_t)‖ of the class-guidance term (empty
 *                          when the run had no classifier, or in results stored before it was recorded)
 * @param entropyFloorCurve per sampler step, the fraction of samples whose EDS scale the entropy floor clamped (empty
 *                          unless the method was {@code entropy}, or in results stored before it was recorded)
 * @param seconds           wall time of the whole evaluation
 * @param referenceComputed whether this run computed the reference statistics (false: read from the cache)
 * @param created           ISO-8601 time the result was made
 * @param sampleLabels      labels of the first samples
 * @param samples           the first samples (up to 16) as base64 PNGs, for a grid
 * @param dataNote          null when the model was trained on the data set whose images are the reference
 *                          ({@code config.reference}); else the plain statement of what was measured instead
 *                          ({@link EvalPlan#dataNote}); left out of the file when null
 */
public record EvalResult(String key, EvalConfig config, MetricsReport metrics, String summary, double meanEntropy,
        double[] entropyCurve, double[] scaleCurve, double[] guidanceNormCurve, double[] entropyFloorCurve,
        double seconds, boolean referenceComputed, String created, List<Integer> sampleLabels, List<String> samples,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String dataNote) {

    public EvalResult {
        if (guidanceNormCurve == null) guidanceNormCurve = new double[0];
        if (entropyFloorCurve == null) entropyFloorCurve = new double[0];
        sampleLabels = List.copyOf(sampleLabels);
        samples = List.copyOf(samples);
    }

    /** The fraction of all sample-steps whose EDS scale the entropy floor clamped; NaN when the run had no floor. */
    public double entropyFloorRate() {
        if (entropyFloorCurve.length == 0) return Double.NaN;
        double sum = 0;
        for (double f : entropyFloorCurve) sum += f;
        return sum / entropyFloorCurve.length;
    }
}
