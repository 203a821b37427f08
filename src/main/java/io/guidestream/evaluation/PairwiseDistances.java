package io.guidestream.evaluation;

import java.util.stream.IntStream;

/**
 * Squared Euclidean distances between every row of one point set and every row of another, delivered tile by tile
 * so that memory stays bounded (one ROW_BLOCK × COL_BLOCK tile per worker thread, never an n×n matrix) and each
 * column tile is reused from cache by a whole block of rows. Row blocks run in parallel.
 */
final class PairwiseDistances {
    static final int ROW_BLOCK = 64;
    static final int COL_BLOCK = 1024;

    /** Receives one tile: {@code tile[(i − rowStart)·(colEnd − colStart) + (j − colStart)] = ‖row_i − col_j‖²}. */
    @FunctionalInterface
    interface TileSink {
        void accept(int rowStart, int rowEnd, int colStart, int colEnd, double[] tile);
    }

    private PairwiseDistances() {
    }

    /**
     * Visits all tiles. All tiles of one row block are delivered by the same thread, in column order, so a sink may
     * keep per-row state indexed by row without synchronisation (rows of different blocks are disjoint).
     */
    static void forEachTile(double[][] rows, double[][] cols, TileSink sink) {
        int blocks = (rows.length + ROW_BLOCK - 1) / ROW_BLOCK;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int rowStart = b * ROW_BLOCK;
            int rowEnd = Math.min(rows.length, rowStart + ROW_BLOCK);
            double[] tile = new double[ROW_BLOCK * COL_BLOCK];
            for (int colStart = 0; colStart < cols.length; colStart += COL_BLOCK) {
                int colEnd = Math.min(cols.length, colStart + COL_BLOCK);
                int width = colEnd - colStart;
                for (int i = rowStart; i < rowEnd; i++) {
                    int offset = (i - rowStart) * width - colStart;
                    for (int j = colStart; j < colEnd; j++) tile[offset + j] = squared(rows[i], cols[j]);
                }
                sink.accept(rowStart, rowEnd, colStart, colEnd, tile);
            }
        });
    }

    /** ‖a − b‖², with four partial sums so that the additions do not wait on each other; exactly 0 when a = b. */
    static double squared(double[] a, double[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = a.length;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            double d0 = a[k] - b[k];
            double d1 = a[k + 1] - b[k + 1];
            double d2 = a[k + 2] - b[k + 2];
            double d3 = a[k + 3] - b[k + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; k < n; k++) {
            double d = a[k] - b[k];
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
