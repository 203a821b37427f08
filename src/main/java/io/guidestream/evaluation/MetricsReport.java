package io.guidestream.evaluation;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The figures of one evaluation run, each computed on the same n generated samples against fixed reference
 * features (ALGORITHMS.md §E: fix the feature extractor, its preprocessing, n and the seeds across compared models).
 *
 * @param fid               FID against the reference statistics
 * @param sfid              sFID on spatial features, when those were extracted
 * @param inceptionScore    mean Inception Score over splits
 * @param inceptionScoreStd its standard deviation over splits
 * @param precision         improved precision, k = 3
 * @param recall            improved recall, k = 3
 * @param accuracy          fraction of samples classified as their requested class, for conditional runs
 * @param n                 number of generated samples
 * @param second            FID, precision and recall in a second feature space (null when none was asked for, and
 *                          in results stored before there was one)
 */
public record MetricsReport(double fid, @Nullable Double sfid, double inceptionScore, double inceptionScoreStd,
        double precision, double recall, @Nullable Double accuracy, int n, @Nullable SpaceScores second) {

    /** A report measured in one feature space. */
    public MetricsReport(double fid, @Nullable Double sfid, double inceptionScore, double inceptionScoreStd,
            double precision, double recall, @Nullable Double accuracy, int n) {
        this(fid, sfid, inceptionScore, inceptionScoreStd, precision, recall, accuracy, n, null);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "FID %.3f", fid));
        if (sfid != null) s.append(String.format(Locale.ROOT, " sFID %.3f", sfid));
        s.append(String.format(Locale.ROOT, " IS %.3f±%.3f P %.3f R %.3f", inceptionScore, inceptionScoreStd,
                precision, recall));
        if (accuracy != null) s.append(String.format(Locale.ROOT, " acc %.3f", accuracy));
        s.append(" n=").append(n);
        if (second != null) s.append("; ").append(second);
        return s.toString();
    }
}
