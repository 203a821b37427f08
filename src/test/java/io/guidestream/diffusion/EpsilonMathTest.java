package io.guidestream.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EpsilonMathTest {
    @Test
    void x0FromEpsInvertsTheForwardProcessInFloat64() {
        NoiseSchedule s = NoiseSchedule.of(BetaSchedule.COSINE, 1000);
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom rng = new SplittableRandom(1);
            NDArray x0 = HostNoise.gaussian(m, new Shape(4, 1, 5, 5), rng).clip(-1, 1).toType(DataType.FLOAT64, false);
            NDArray eps = HostNoise.gaussian(m, new Shape(4, 1, 5, 5), rng).toType(DataType.FLOAT64, false);
            for (int t : new int[] {0, 10, 500, 990}) {
                NDArray xt = x0.mul(Math.sqrt(s.alphaBar(t))).add(eps.mul(Math.sqrt(1 - s.alphaBar(t))));
                NDArray back = xt.mul(s.sqrtRecipAlphaBar(t)).sub(eps.mul(s.sqrtRecipM1AlphaBar(t)));
                assertEquals(0, back.sub(x0).abs().max().getDouble(), 1e-10 * s.sqrtRecipAlphaBar(t));
            }
        }
    }

    @Test
    void epsAndX0ConversionsRoundTrip() {
        NoiseSchedule s = NoiseSchedule.of(BetaSchedule.LINEAR, 1000);
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom rng = new SplittableRandom(2);
            NDArray xt = HostNoise.gaussian(m, new Shape(2, 1, 4, 4), rng);
            NDArray eps = HostNoise.gaussian(m, new Shape(2, 1, 4, 4), rng);
            NDArray x0 = EpsilonMath.x0FromEps(s, 300, xt, eps);
            NDArray epsBack = EpsilonMath.epsFromX0(s, 300, xt, x0);
            assertEquals(0, epsBack.sub(eps).abs().max().getFloat(), 1e-4);
        }
    }

    @Test
    void qSampleUsesEachItemsOwnTimestep() {
        NoiseSchedule s = NoiseSchedule.of(BetaSchedule.LINEAR, 1000);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x0 = m.ones(new Shape(2, 1, 2, 2));
            NDArray eps = m.zeros(new Shape(2, 1, 2, 2));
            float[] out = ForwardProcess.qSample(s, x0, new int[] {0, 999}, eps).toFloatArray();
            assertEquals(Math.sqrt(s.alphaBar(0)), out[0], 1e-6);
            assertEquals(Math.sqrt(s.alphaBar(999)), out[4], 1e-6);
        }
    }
}
