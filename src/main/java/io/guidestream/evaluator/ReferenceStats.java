package io.guidestream.evaluator;

import io.guidestream.data.LabelledImages;
import io.guidestream.evaluation.FeatureStats;
import io.guidestream.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The reference side of every metric: the reference images of the features model's data set ({@link ReferenceSet}:
 * the Fashion-MNIST <em>test</em> set, 10,000 images, for the Fashion feature networks; the held-out split of the
 * image folder a features model was trained on) seen through one features-model version. Computed once per (features
 * version, reference contents) and cached beside that version, since evaluating the reference costs as much as
 * generating thousands of samples (file names for Fashion-MNIST; an image folder's say its split, e.g.
 * {@code reference-train-<fp>.*} for a folder without held-out images):
 * <ul>
 *   <li>{@code reference-test-<fp>.json}: μ and Σ of all test images' features (FID) and what they came from;</li>
 *   <li>{@code reference-test-<fp>.f32}: the features of the first {@value #SUBSET} test images, the reference
 *       manifold of precision/recall (big-endian: int rows, int dim, then rows×dim float32; the network computes in
 *       float32, so nothing is lost, at half the size of float64 and a tenth of JSON's);</li>
 *   <li>{@code reference-test-<fp>.spatial.f64}, for a space with a spatial map: μ and Σ of all test images'
 *       spatial features (sFID; big-endian:
 *       int n, int dim, then dim means and dim×dim covariances in float64, exactly the computed values).</li>
 * </ul>
 * {@code fp} fingerprints the test images and labels (SHA-1, 12 hex digits), so a different data folder (e.g. the
 * test slice) never reuses another set's statistics. Each file is written by temp file and rename, the binary ones
 * first: the JSON, which points to them, only appears once all are whole. A cache from before sFID (no spatial file)
 * is recomputed once.
 */
public final class ReferenceStats {
    private static final Logger LOG = Logger.getLogger(ReferenceStats.class.getName());
    /** Reference points for precision/recall: the k-NN radii cost O(m²), so a fixed subset bounds them. */
    public static final int SUBSET = 2000;
    public static final String SET = "fashion-mnist test";
    private static final int BLOCK = 2000;

    private ReferenceStats() {
    }

    /**
     * @param stats        statistics of the whole set's features
     * @param spatialStats statistics of the whole set's spatial features, or null for a space without them
     * @param subset       features of the first {@code min(SUBSET, n)} images
     * @param fingerprint  identifies the images the statistics came from
     * @param computed     true when this call computed them, false when they came from the cache
     */
    public record Reference(FeatureStats stats, @Nullable FeatureStats spatialStats, double[][] subset,
            String fingerprint, boolean computed) {
    }

    /** What the JSON file holds; the spatial fields are null in caches written before sFID. */
    record CacheFile(String set, String fingerprint, int images, String features, int featuresVersion, int dim,
            String subsetFile, int subsetRows, FeatureStats stats, @Nullable String spatialFile,
            @Nullable Integer spatialDim) {
    }

    /** The cached reference of the Fashion-MNIST test set {@code test} under {@code fx}, computed first if need be. */
    public static Reference loadOrCompute(FeatureSpace fx, LabelledImages test) throws IOException {
        return loadOrCompute(fx, new ReferenceSet(SET, "test", null, () -> test));
    }

    /**
     * The cached reference of {@code set} under {@code fx}, computing and storing it first if need be. A set whose
     * fingerprint a card recorded is looked up by it, so its images are only read when there is no cache yet.
     */
    static Reference loadOrCompute(FeatureSpace fx, ReferenceSet set) throws IOException {
        String fp = set.fingerprint();
        Path dir = fx.version().dir();
        String stem = "reference-" + set.split() + "-" + fp;
        Path json = dir.resolve(stem + ".json");
        Path bin = dir.resolve(stem + ".f32");
        Path spatial = dir.resolve(stem + ".spatial.f64");
        if (Files.isRegularFile(json)) {
            try {
                CacheFile c = Json.read(json, CacheFile.class);
                boolean spatialFits = fx.spatialDim() == 0 || (c.spatialFile() != null && c.spatialDim() != null
                        && c.spatialDim() == fx.spatialDim());
                if (c.fingerprint().equals(fp) && c.dim() == fx.dim() && spatialFits) {
                    return new Reference(c.stats(), fx.spatialDim() == 0 ? null : readStats(spatial, fx.spatialDim()),
                            readSubset(bin, c.subsetRows(), c.dim()), fp, false);
                }
                LOG.warning(json + " does not match the reference set or the features model, or predates sFID;"
                        + " recomputing");
            } catch (IOException | RuntimeException e) {
                LOG.warning("unreadable reference cache " + json + " (" + e.getMessage() + "); recomputing");
            }
        }
        return compute(fx, set.name(), set.images().get(), fp, json, bin, spatial);
    }

    private static Reference compute(FeatureSpace fx, String setName, LabelledImages test, String fp, Path json,
            Path bin, Path spatial) throws IOException {
        FeatureExtractor.Output all = FeatureExtractor.Output.empty(test.size());
        for (int start = 0; start < test.size(); start += BLOCK) {
            int count = Math.min(BLOCK, test.size() - start);
            all.copyFrom(fx.extract(pixels(test, start, count), count), start);
        }
        FeatureStats stats = FeatureStats.of(all.features());
        FeatureStats spatialStats = fx.spatialDim() == 0 ? null : FeatureStats.of(all.spatial());
        double[][] subset = java.util.Arrays.copyOf(all.features(), Math.min(SUBSET, test.size()));
        AtomicFiles.write(bin, subsetBytes(subset));
        if (spatialStats != null) AtomicFiles.write(spatial, statsBytes(spatialStats));
        CacheFile c = new CacheFile(setName, fp, test.size(), fx.version().name(), fx.version().version(), fx.dim(),
                bin.getFileName().toString(), subset.length, stats,
                spatialStats == null ? null : spatial.getFileName().toString(),
                spatialStats == null ? null : spatialStats.dim());
        AtomicFiles.write(json, Json.write(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new Reference(stats, spatialStats, subset, fp, true);
    }

    /** Images [start, start + count) as floats in [−1, 1]: x = u8 / 127.5 − 1, the training scaling. */
    static float[] pixels(LabelledImages set, int start, int count) {
        int n = set.pixelsPerImage();
        float[] out = new float[count * n];
        byte[] px = set.pixels();
        for (int i = 0; i < out.length; i++) out[i] = (px[start * n + i] & 0xff) / 127.5f - 1f;
        return out;
    }

    private static byte[] subsetBytes(double[][] subset) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(subset.length);
            out.writeInt(subset[0].length);
            for (double[] row : subset) for (double v : row) out.writeFloat((float) v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] statsBytes(FeatureStats stats) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(stats.n());
            out.writeInt(stats.dim());
            for (double v : stats.mean()) out.writeDouble(v);
            for (double[] row : stats.cov()) for (double v : row) out.writeDouble(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static FeatureStats readStats(Path file, int dim) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            int n = in.readInt();
            if (in.readInt() != dim) throw new IOException(file + " does not hold " + dim + "-d statistics");
            double[] mean = new double[dim];
            for (int j = 0; j < dim; j++) mean[j] = in.readDouble();
            double[][] cov = new double[dim][dim];
            for (double[] row : cov) for (int j = 0; j < dim; j++) row[j] = in.readDouble();
            return new FeatureStats(mean, cov, n);
        }
    }

    private static double[][] readSubset(Path bin, int rows, int dim) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(bin)))) {
            if (in.readInt() != rows || in.readInt() != dim) {
                throw new IOException(bin + " does not hold " + rows + "×" + dim + " features");
            }
            double[][] out = new double[rows][dim];
            for (double[] row : out) for (int j = 0; j < dim; j++) row[j] = in.readFloat();
            return out;
        }
    }
}
