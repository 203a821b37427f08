package io.guidestream.evaluation;

import java.util.Locale;

/**
 * FID and improved precision/recall (k = 3) measured in one more feature space than the evaluation's first, for the
 * same samples against the same reference images (issue 21: a claim holds when the spaces agree).
 *
 * @param features        the FEATURES model whose vectors were compared
 * @param featuresVersion its version
 * @param fid             FID in that space
 * @param precision       improved precision in that space
 * @param recall          improved recall in that space
 */
public record SpaceScores(String features, int featuresVersion, double fid, double precision, double recall) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s v%d: FID %.3f P %.3f R %.3f", features, featuresVersion, fid, precision,
                recall);
    }
}
