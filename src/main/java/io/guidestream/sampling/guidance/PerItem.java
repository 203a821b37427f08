package io.guidestream.sampling.guidance;

import ai.djl.ndarray.NDArray;
import io.guidestream.diffusion.ForwardProcess;

/** Per-item scaling of a B×C×H×W direction. */
final class PerItem {
    private PerItem() {
    }

    static NDArray scale(NDArray direction, double[] scale) {
        return direction.mul(ForwardProcess.perSample(direction.getManager(), scale, direction.getShape()));
    }

    static boolean any(boolean[] active) {
        for (boolean a : active) if (a) return true;
        return false;
    }

    static boolean[] nonZero(double[] scale) {
        boolean[] out = new boolean[scale.length];
        for (int i = 0; i < scale.length; i++) out[i] = scale[i] != 0;
        return out;
    }
}
