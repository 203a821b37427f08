package io.guidestream.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Sinusoidal timestep embedding (Vaswani et al., as used by DDPM/ADM {@code timestep_embedding}):
 * {@code [cos(t·f_k), sin(t·f_k)]} with f_k = 10000^(−k/half), k = 0..half−1.
 */
public final class TimestepEmbedding {
    private TimestepEmbedding() {
    }

    /**
     * @param t   (B) timesteps, any numeric type
     * @param dim embedding width (even)
     * @return (B, dim) float32
     */
    public static NDArray sinusoidal(NDArray t, int dim) {
        if (dim % 2 != 0) throw new IllegalArgumentException("embedding dim must be even, got " + dim);
        int half = dim / 2;
        NDManager m = t.getManager();
        float[] freqs = new float[half];
        for (int k = 0; k < half; k++) freqs[k] = (float) Math.exp(-Math.log(10000) * k / half);
        NDArray args = t.toType(DataType.FLOAT32, false).reshape(-1, 1).mul(m.create(freqs, new Shape(1, half)));
        return args.cos().concat(args.sin(), 1);
    }
}
