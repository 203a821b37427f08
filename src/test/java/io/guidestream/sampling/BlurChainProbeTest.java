package io.guidestream.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.bus.SamplerKind;
import io.guidestream.diffusion.BlurSchedule;
import io.guidestream.diffusion.HostNoise;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link BlurChainProbe} with an oracle that always predicts the same clean image X: the estimate never moves, and
 * both chains end on or near the data's own path (x_0 − X is about the level's noise, residual ≈ 1): the naive one
 * at every step after the first, the momentum one once the prior's mismatch (a wrong mean) has decayed by
 * s_0²/s_top², up to the excess noise of its Euler step.
 */
class BlurChainProbeTest {
    private static final Shape SHAPE = new Shape(16, 1, 28, 28);
    private static final BlurSchedule BLUR = BlurSchedule.smallNoise(100, 28);

    private static List<BlurChainProbe.Step> follow(SamplerKind kind, NDManager m) {
        NDArray x = HostNoise.gaussian(m, SHAPE, new SplittableRandom(7)).mul(0.3f).clip(-0.9f, 0.9f);
        BlurChainProbe.Predictor oracle = (scope, xt, level) -> x.duplicate();
        return BlurChainProbe.follow(kind, BLUR, 20, oracle, m, SHAPE, new int[Math.toIntExact(SHAPE.get(0))], 1);
    }

    @Test
    void anOracleKeepsBothChainsOnTheDataPath() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (SamplerKind kind : new SamplerKind[] {SamplerKind.NAIVE, SamplerKind.MOMENTUM}) {
                List<BlurChainProbe.Step> steps = follow(kind, m);
                assertEquals(20, steps.size(), kind + ": one row per step");
                assertEquals(99, steps.get(0).level(), kind + ": starts at the top level");
                assertEquals(0, steps.get(19).level(), kind + ": ends at level 0 (C = I)");
                for (int i = 1; i < steps.size(); i++) {
                    assertTrue(steps.get(i).level() < steps.get(i - 1).level(), kind + ": levels fall");
                    assertEquals(0, steps.get(i).x0Change(), 1e-7, kind + ": the oracle's estimate never moves");
                }
                assertTrue(Double.isNaN(steps.get(0).x0Change()));
                assertTrue(steps.get(0).residual() > 1.5, kind + ": the prior's constant image is not C_top X: "
                        + steps.get(0).residual());
                double last = steps.get(19).residual();
                if (kind == SamplerKind.MOMENTUM) {
                    // Its denoising step is an Euler step of the reverse SDE: per step it leaves the noise variance
                    // at (s_t/s_{t−Δ})² times the level's, here ≈ 1.26 (sqrt 1.12), plus what is left of the prior's
                    // wrong mean. Without the added noise the residual would fall far below 1; without the
                    // denoising it would stay at the prior's mismatch (> 1.5).
                    assertTrue(last > 1.0 && last < 1.3, "momentum: near the data path at the end: " + last);
                }
                if (kind == SamplerKind.NAIVE) {
                    assertEquals(1, last, 0.05, "naive: on the data path at the end");
                    for (BlurChainProbe.Step s : steps.subList(1, 20)) {
                        assertEquals(1, s.residual(), 0.05, "naive: re-corrupting X leaves only the noise");
                    }
                }
            }
        }
    }
}
