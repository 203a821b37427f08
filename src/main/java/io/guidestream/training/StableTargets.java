package io.guidestream.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.jspecify.annotations.Nullable;

/**
 * Stable Target Field targets (Xu, Tong, Jaakkola 2023, eq. 4; official {@code training/loss.py::stf_targets};
 * ALGORITHMS.md M4 (b)) for x_t = m·x0 + σ·ε (VP/DDPM: m = √ᾱ, σ = √(1 − ᾱ)) and a reference batch R that holds each
 * sample's own x0:
 * (1) w[b, k] = softmax_k(−‖x_t[b] − m_b R[k]‖² / (2σ_b²)), with max subtraction (log-sum-exp);
 * (2) D̃[b] = Σ_k w[b, k] R[k], the self-normalised importance-weighted denoiser target;
 * (3) ε̃[b] = (x_t[b] − m_b D̃[b]) / σ_b, the matching ε target.
 *
 * <p>Distances use ‖x‖² − 2m⟨x, r⟩ + m²‖r‖² in float64 (one matmul per chunk of {@code chunk} references; float64
 * because at σ = 0.002 the logits reach 10⁹ and float32 cancellation would swamp their differences). Conditional
 * variant [RECON]: a sample with a label only weighs references with the same label (the others get −∞ before the
 * softmax), which targets ∇ log p_t(x | y). Everything is computed without gradients in a sub-manager; the results
 * attach to x_t's manager.
 */
public final class StableTargets {
    /** A query label that restricts nothing. */
    public static final int ANY = -1;
    public static final int DEFAULT_CHUNK = 1024;

    private final int chunk;

    public StableTargets(int chunk) {
        if (chunk < 1) throw new IllegalArgumentException("chunk must be >= 1, got " + chunk);
        this.chunk = chunk;
    }

    /** D̃ and ε̃ shaped like x_t (float32), and the B×n float64 weights when asked for. */
    public record Targets(NDArray denoised, NDArray eps, @Nullable NDArray weights) {
    }

    /** Unconditional targets. */
    public Targets compute(NDArray xt, double[] m, double[] sigma, NDArray refs, boolean keepWeights) {
        return compute(xt, m, sigma, refs, null, null, keepWeights);
    }

    /**
     * @param xt          B×… noisy samples
     * @param m           per-sample signal scale m_b
     * @param sigma       per-sample noise std σ_b &gt; 0
     * @param refs        n×… clean references (the samples' own x0 among them)
     * @param refLabels   the references' labels, or null for unconditional targets
     * @param queryLabels per sample, the label to restrict to or {@link #ANY}; null for unconditional targets
     */
    public Targets compute(NDArray xt, double[] m, double[] sigma, NDArray refs, int @Nullable [] refLabels,
            int @Nullable [] queryLabels, boolean keepWeights) {
        int batch = Math.toIntExact(xt.getShape().get(0));
        int n = Math.toIntExact(refs.getShape().get(0));
        if (m.length != batch || sigma.length != batch) throw new IllegalArgumentException("m, sigma need B entries");
        if ((refLabels == null) != (queryLabels == null) || refLabels != null && (refLabels.length != n
                || queryLabels.length != batch)) {
            throw new IllegalArgumentException("need n reference labels and B query labels, or neither");
        }
        NDManager parent = xt.getManager();
        try (NDManager scope = parent.newSubManager()) {
            scope.tempAttachAll(xt, refs);
            NDArray x = xt.reshape(batch, -1).toType(DataType.FLOAT64, false);
            NDArray r = refs.reshape(n, -1).toType(DataType.FLOAT64, false);
            NDArray mCol = column(scope, m);
            NDArray logits = logits(x, r, mCol, sigma);
            if (queryLabels != null && refLabels != null) logits = logits.add(mask(scope, refLabels, queryLabels));
            NDArray w = logits.sub(logits.max(new int[] {1}, true)).exp();
            w = w.div(w.sum(new int[] {1}, true));
            NDArray d = w.matMul(r);
            NDArray eps = x.sub(d.mul(mCol)).div(column(scope, sigma));
            Targets out = new Targets(d.toType(DataType.FLOAT32, false).reshape(xt.getShape()),
                    eps.toType(DataType.FLOAT32, false).reshape(xt.getShape()), keepWeights ? w : null);
            out.denoised().attach(parent);
            out.eps().attach(parent);
            if (keepWeights) w.attach(parent);
            return out;
        }
    }

    /** −‖x_b − m_b r_k‖² / (2σ_b²), B×n, computed over chunks of references. */
    private NDArray logits(NDArray x, NDArray r, NDArray mCol, double[] sigma) {
        int n = Math.toIntExact(r.getShape().get(0));
        NDArray x2 = x.square().sum(new int[] {1}, true);
        NDList parts = new NDList();
        for (int start = 0; start < n; start += chunk) {
            NDArray rc = r.get(new NDIndex(start + ":" + Math.min(n, start + chunk)));
            NDArray r2 = rc.square().sum(new int[] {1}).reshape(1, -1);
            NDArray cross = x.matMul(rc.transpose());
            NDArray dist = x2.sub(cross.mul(mCol).mul(2)).add(r2.mul(mCol.square())).maximum(0);
            parts.add(dist);
        }
        NDArray dist = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 1);
        double[] inv = new double[sigma.length];
        for (int b = 0; b < sigma.length; b++) {
            if (!(sigma[b] > 0)) throw new IllegalArgumentException("sigma must be > 0, got " + sigma[b]);
            inv[b] = -1 / (2 * sigma[b] * sigma[b]);
        }
        return dist.mul(column(x.getManager(), inv));
    }

    /** 0 where the reference may be used, −∞ where its label differs from the sample's. */
    private static NDArray mask(NDManager m, int[] refLabels, int[] queryLabels) {
        int n = refLabels.length;
        double[] out = new double[queryLabels.length * n];
        for (int b = 0; b < queryLabels.length; b++) {
            int y = queryLabels[b];
            if (y == ANY) continue;
            boolean any = false;
            for (int k = 0; k < n; k++) {
                boolean same = refLabels[k] == y;
                any |= same;
                if (!same) out[b * n + k] = Double.NEGATIVE_INFINITY;
            }
            if (!any) throw new IllegalArgumentException("no reference has label " + y + " (sample " + b + ")");
        }
        return m.create(out, new Shape(queryLabels.length, n));
    }

    private static NDArray column(NDManager m, double[] v) {
        return m.create(v, new Shape(v.length, 1));
    }
}
