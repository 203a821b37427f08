package io.guidestream.client;

import org.jspecify.annotations.Nullable;

/**
 * One evaluation stored beside a model version (docs/PROTOCOL.md, "Where results are stored"), as
 * {@link GuidestreamClient#evaluations} lists them: what was run, and its figures in each feature space.
 *
 * @param key the SHA-1 of the whole config; {@code GET /api/models/{model}/evals/{key}} serves the result whole
 * @param submitted true for a result run through {@code POST /api/eval}, false for one the registry ships with
 * @param summary the evaluator's one-line summary
 * @param accuracy the share of samples the features network read as their requested class; null when no sample had
 *     a label
 * @param features FID, precision and recall in the evaluation's feature network
 * @param second the same in the second, independent feature space; null when there was none (and for results
 *     stored before it existed)
 * @param entropyFloor the entropy scale's floor h_min ({@code entropy} guidance only)
 * @param created when it was stored, ISO-8601
 */
public record StoredEvaluation(String key, String model, int modelVersion, boolean submitted, String summary,
        long seed, int n, SamplerKind sampler, int steps, GuidanceMethod guidance, double scale,
        @Nullable String classifier, double tailScale, double x0Lambda, double entropyFloor,
        @Nullable Double accuracy, Scores features, @Nullable Scores second, double seconds, String created) {

    /** Figures in one feature space: the network's name and version, FID, precision and recall. */
    public record Scores(String space, int spaceVersion, double fid, double precision, double recall) {
    }
}
