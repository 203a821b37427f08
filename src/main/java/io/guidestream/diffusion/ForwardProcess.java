package io.guidestream.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The forward process q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I) on batches whose items each have their own
 * timestep (training draws t per sample). Coefficients come from the host tables and enter as B×1×1×1 arrays.
 */
public final class ForwardProcess {
    private ForwardProcess() {
    }

    /** x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε, per sample. */
    public static NDArray qSample(NoiseSchedule schedule, NDArray x0, int[] t, NDArray eps) {
        double[] a = new double[t.length];
        double[] b = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            a[i] = Math.sqrt(schedule.alphaBar(t[i]));
            b[i] = Math.sqrt(1 - schedule.alphaBar(t[i]));
        }
        NDManager m = x0.getManager();
        return x0.mul(perSample(m, a, x0.getShape())).add(eps.mul(perSample(m, b, x0.getShape())));
    }

    /** A column of per-sample scalars shaped to broadcast over an array of {@code like}'s rank. */
    public static NDArray perSample(NDManager manager, double[] values, Shape like) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        long[] dims = new long[like.dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = values.length;
        return manager.create(f, new Shape(dims));
    }
}
