package io.guidestream.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.guidestream.data.LabelledImages;
import io.guidestream.diffusion.ForwardProcess;
import io.guidestream.diffusion.HostNoise;
import io.guidestream.diffusion.NoiseSchedule;
import java.util.SplittableRandom;

/**
 * How noisy the ε-targets are, with and without Stable Target Field (Xu, Tong, Jaakkola 2023, §3 and Fig. 2):
 * the average over queries x_t of tr Cov[target | x_t], per pixel. For a query, the clean image that produced it is
 * uncertain: p(x0 | x_t) ∝ q(x_t | x0) over a large pool of training images (the pool stands in for the data).
 * <ul>
 *   <li>DSM: the target is ε_k = (x_t − m·x0_k)/σ with x0_k ~ p(x0 | x_t), so its covariance is
 *       (m/σ)²·Σ_k w_k ‖x0_k − D̄‖² with D̄ = Σ_k w_k x0_k, computed exactly over the pool.</li>
 *   <li>STF with n references: the target is ε̃(x_t; {x0_src} ∪ B) with x0_src ~ p(x0 | x_t) and B a random batch of
 *       the pool, as in training (each query's source is in the shared reference batch). Its covariance is
 *       estimated from {@code draws} independent draws of (sources, B).</li>
 * </ul>
 */
public final class TargetVariance {
    private final LabelledImages pool;
    private final NoiseSchedule schedule;
    private final StableTargets stable = new StableTargets(StableTargets.DEFAULT_CHUNK);

    public TargetVariance(LabelledImages pool, NoiseSchedule schedule) {
        this.pool = pool;
        this.schedule = schedule;
    }

    /** tr Cov per pixel at timestep t for DSM and for STF with each reference size, over {@code queries} queries. */
    public record Row(int t, double dsm, double[] stf) {
    }

    public Row measure(int t, int queries, int[] referenceSizes, int draws, long seed) {
        SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + t);
        double m = Math.sqrt(schedule.alphaBar(t));
        double sigma = Math.sqrt(1 - schedule.alphaBar(t));
        try (NDManager scope = NDManager.newBaseManager()) {
            int[] all = new int[pool.size()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            NDArray images = pool.images(scope, all);
            int[] src = new int[queries];
            for (int q = 0; q < queries; q++) src[q] = rng.nextInt(pool.size());
            NDArray x0 = pool.images(scope, src);
            int[] ts = new int[queries];
            java.util.Arrays.fill(ts, t);
            NDArray xt = ForwardProcess.qSample(schedule, x0, ts, HostNoise.gaussian(scope, x0.getShape(), rng));
            double[] ms = filled(queries, m);
            double[] sigmas = filled(queries, sigma);
            StableTargets.Targets exact = stable.compute(xt, ms, sigmas, images, true);
            double dsm = dsmVariance(exact, images, m, sigma);
            double[][] posterior = rows(exact.weights(), queries);
            double[] stf = new double[referenceSizes.length];
            for (int i = 0; i < referenceSizes.length; i++) {
                stf[i] = stfVariance(xt, ms, sigmas, images, posterior, referenceSizes[i], draws, rng);
            }
            return new Row(t, dsm, stf);
        }
    }

    /** (m/σ)² Σ_k w_k ‖x0_k − D̄‖², averaged over queries and pixels. */
    private static double dsmVariance(StableTargets.Targets exact, NDArray images, double m, double sigma) {
        NDArray w = exact.weights();
        int q = Math.toIntExact(w.getShape().get(0));
        NDArray p = images.reshape(images.getShape().get(0), -1).toType(DataType.FLOAT64, false);
        NDArray d = exact.denoised().reshape(q, -1).toType(DataType.FLOAT64, false);
        NDArray dist = p.square().sum(new int[] {1}).reshape(1, -1).sub(d.matMul(p.transpose()).mul(2))
                .add(d.square().sum(new int[] {1}, true));
        double total = w.mul(dist).sum().getDouble();
        return (m / sigma) * (m / sigma) * total / (q * (double) p.getShape().get(1));
    }

    private double stfVariance(NDArray xt, double[] ms, double[] sigmas, NDArray images, double[][] posterior, int n,
            int draws, SplittableRandom rng) {
        int q = posterior.length;
        NDList targets = new NDList();
        for (int r = 0; r < draws; r++) {
            int[] refs = new int[Math.max(n, q)];
            for (int i = 0; i < q; i++) refs[i] = sample(posterior[i], rng);
            for (int i = q; i < refs.length; i++) refs[i] = rng.nextInt(pool.size());
            NDArray batch = images.get(xt.getManager().create(refs));
            targets.add(stable.compute(xt, ms, sigmas, batch, false).eps().reshape(1, q, -1));
        }
        NDArray all = NDArrays.concat(targets, 0).toType(DataType.FLOAT64, false); // draws × q × D
        NDArray centred = all.sub(all.mean(new int[] {0}, true));
        double sumSq = centred.square().sum().getDouble();
        return sumSq / (draws - 1.0) / (q * (double) all.getShape().get(2));
    }

    private static int sample(double[] p, SplittableRandom rng) {
        double u = rng.nextDouble();
        double c = 0;
        for (int k = 0; k < p.length; k++) {
            c += p[k];
            if (u < c) return k;
        }
        return p.length - 1;
    }

    private static double[][] rows(NDArray w, int q) {
        double[] flat = w.toDoubleArray();
        int n = flat.length / q;
        double[][] out = new double[q][n];
        for (int i = 0; i < q; i++) System.arraycopy(flat, i * n, out[i], 0, n);
        return out;
    }

    private static double[] filled(int n, double v) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, v);
        return out;
    }
}
