package io.guidestream.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.nn.LambdaBlock;
import io.guidestream.data.FashionMnist;
import io.guidestream.data.FashionMnistTest;
import io.guidestream.data.LabelledImages;
import io.guidestream.diffusion.BetaSchedule;
import io.guidestream.diffusion.NoiseSchedule;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeldOutLossTest {
    private static final NoiseSchedule SCHEDULE = NoiseSchedule.of(BetaSchedule.COSINE, 1000);
    private static final LabelledImages DATA = FashionMnist.load(FashionMnistTest.SLICE, FashionMnist.Split.TEST);

    @Test
    void predictingZeroScoresTheNoiseVariance() {
        double loss = HeldOutLoss.measure(new LambdaBlock(in -> new NDList(in.get(0).zerosLike())), SCHEDULE, DATA,
                500, false, 3);
        // mean of ε² over DATA.size() × 784 standard normal draws: 1 ± a few standard errors
        double se = Math.sqrt(2.0 / (DATA.size() * 784.0));
        assertEquals(1.0, loss, 5 * se);
    }

    @Test
    void matchesTheClosedFormForTheZeroImageGuess() {
        // ε̂ = x_t / σ (the guess "x0 = 0") misses by −(m/σ)·x0, whatever the noise: loss = (m²/σ²) · mean x0².
        int t = 300;
        double m2 = SCHEDULE.alphaBar(t);
        double s2 = 1 - m2;
        double meanSquare = 0;
        int p = DATA.pixelsPerImage();
        for (int i = 0; i < DATA.size() * p; i++) {
            double x = (DATA.pixels()[i] & 0xff) / 127.5 - 1;
            meanSquare += x * x;
        }
        meanSquare /= DATA.size() * (double) p;
        double loss = HeldOutLoss.measure(new LambdaBlock(in -> new NDList(in.get(0).div(Math.sqrt(s2)))), SCHEDULE,
                DATA, t, false, 3);
        assertEquals(m2 / s2 * meanSquare, loss, 1e-4 * m2 / s2 * meanSquare);
    }

    @Test
    void passesTheTrueLabelsToAConditionalNetworkOnly() {
        AtomicInteger inputs = new AtomicInteger();
        LambdaBlock net = new LambdaBlock(in -> {
            inputs.set(in.size());
            return new NDList(in.get(0).zerosLike());
        });
        HeldOutLoss.measure(net, SCHEDULE, DATA, 10, true, 1);
        assertEquals(3, inputs.get(), "x_t, t and the labels");
        HeldOutLoss.measure(net, SCHEDULE, DATA, 10, false, 1);
        assertEquals(2, inputs.get(), "x_t and t");
    }

    @Test
    void rejectsATimestepOutsideTheSchedule() {
        var e = assertThrows(IllegalArgumentException.class, () -> HeldOutLoss.measure(
                new LambdaBlock(in -> in), SCHEDULE, DATA, 1000, false, 1));
        assertEquals("t must be in 0..999, got 1000", e.getMessage());
    }
}
