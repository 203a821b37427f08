package io.guidestream.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.diffusion.HostNoise;
import io.guidestream.sampling.guidance.GuidanceContext;
import io.guidestream.sampling.guidance.X0Guidance;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Guidance routed through the predicted clean image (issue 20), against closed forms. */
class X0GuidanceTest {
    private static final Shape SHAPE = new Shape(2, 1, 6, 6);

    /** For a linear denoiser x̂0 = A x the routed guidance is exactly (1 − λ)·g + λ·√ᾱ·A g. */
    @Test
    void aLinearDenoiserIsRoutedExactly() {
        double alphaBar = 0.64;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = HostNoise.gaussian(m, new Shape(1, 1, 6, 6), new SplittableRandom(1)).abs();
            NDArray xt = HostNoise.gaussian(m, SHAPE, new SplittableRandom(2));
            NDArray g = HostNoise.gaussian(m, SHAPE, new SplittableRandom(3)).mul(3);
            GuidanceContext ctx = new GuidanceContext(xt, xt.mul(a), alphaBar, 5, 10, null, x -> x.mul(a));
            NDArray routed = new X0Guidance(0.25).apply(ctx, g);
            NDArray expected = g.mul(0.75f).add(g.mul(a).mul((float) (0.25 * Math.sqrt(alphaBar))));
            assertEquals(0, routed.sub(expected).abs().max().getFloat(), 2e-3);
            NDArray full = new X0Guidance(1).apply(ctx, g);
            assertEquals(0, full.sub(g.mul(a).mul((float) Math.sqrt(alphaBar))).abs().max().getFloat(), 2e-3);
        }
    }

    /** A denoiser that ignores its input (high noise: x̂0 is the prior mean) takes all of the routed part away. */
    @Test
    void aConstantDenoiserLeavesOnlyTheUnroutedPart() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xt = HostNoise.gaussian(m, SHAPE, new SplittableRandom(4));
            NDArray mean = m.full(SHAPE, -0.4f);
            NDArray g = HostNoise.gaussian(m, SHAPE, new SplittableRandom(5));
            GuidanceContext ctx = new GuidanceContext(xt, mean, 0.01, 9, 10, null, x -> mean);
            NDArray routed = new X0Guidance(0.6).apply(ctx, g);
            assertEquals(0, routed.sub(g.mul(0.4f)).abs().max().getFloat(), 1e-6);
        }
    }

    @Test
    void lambdaZeroOrNoDenoiserLeavesTheGuidanceAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xt = HostNoise.gaussian(m, SHAPE, new SplittableRandom(6));
            NDArray g = HostNoise.gaussian(m, SHAPE, new SplittableRandom(7));
            GuidanceContext withDenoiser = new GuidanceContext(xt, xt, 0.5, 3, 10, null, x -> x.mul(2));
            assertSame(g, new X0Guidance(0).apply(withDenoiser, g));
            assertSame(g, new X0Guidance(0.5).apply(new GuidanceContext(xt, xt, 0.5, 3, 10, null, null), g));
        }
        assertThrows(IllegalArgumentException.class, () -> new X0Guidance(1.5));
    }
}
