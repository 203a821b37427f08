package io.guidestream.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.ParameterStore;
import io.guidestream.data.FashionMnist;
import io.guidestream.data.FashionMnistTest;
import io.guidestream.data.LabelledImages;
import io.guidestream.diffusion.BetaSchedule;
import io.guidestream.diffusion.NoiseSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The STF objective around {@link StableTargets}: reference drawing and the B = n = 1 reduction to DSM. */
class StfObjectiveTest {
    private static final NoiseSchedule SCHEDULE = NoiseSchedule.of(BetaSchedule.COSINE, 1000);
    private static final LabelledImages DATA = FashionMnist.load(FashionMnistTest.SLICE, FashionMnist.Split.TEST);
    /** A fixed "network": ε̂ = 0.3·x_t (labels, if passed, ignored). */
    private static final LambdaBlock NET = new LambdaBlock(in -> new NDList(in.get(0).mul(0.3f)));

    private static TrainingBatch batch(NDManager m, int[] indices, long seed) {
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) labels[i] = DATA.label(indices[i]);
        return new TrainingBatch(m, DATA.images(m, indices), DATA.labels(m, indices), labels,
                new SplittableRandom(seed));
    }

    @Test
    void oneReferenceIsPlainDsm() {
        ReferenceSampler never = (m, count, rng) -> {
            throw new AssertionError("n = B needs no extra references");
        };
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            for (long seed = 1; seed <= 5; seed++) {
                for (int nullClass : new int[] {-1, 10}) {
                    Objective stf = new StfObjective(SCHEDULE, nullClass, 0.3, 1, never, new StableTargets(8));
                    Objective eps = new EpsilonObjective(SCHEDULE, nullClass, 0.3);
                    double a = stf.loss(NET, ps, batch(m, new int[] {(int) seed}, seed)).getFloat();
                    double b = eps.loss(NET, ps, batch(m, new int[] {(int) seed}, seed)).getFloat();
                    assertEquals(b, a, 1e-4 * b, "seed " + seed + ", null class " + nullClass);
                }
            }
        }
    }

    @Test
    void theMinibatchIsThePrefixOfTheReferenceBatch() {
        List<Integer> asked = new ArrayList<>();
        ReferenceSampler uniform = ReferenceSampler.uniform(DATA);
        ReferenceSampler recording = (m, count, rng) -> {
            asked.add(count);
            return uniform.draw(m, count, rng);
        };
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            Objective stf = new StfObjective(SCHEDULE, -1, 0, 40, recording, new StableTargets(16));
            Objective dsm = new EpsilonObjective(SCHEDULE, -1, 0);
            int[] indices = {3, 4, 5, 6};
            double largest = 0;
            for (long seed = 1; seed <= 8; seed++) {
                double a = stf.loss(NET, ps, batch(m, indices, seed)).getFloat();
                double b = dsm.loss(NET, ps, batch(m, indices, seed)).getFloat();
                assertTrue(Double.isFinite(a));
                largest = Math.max(largest, Math.abs(a - b) / b);
            }
            assertEquals(List.of(36, 36, 36, 36, 36, 36, 36, 36), asked, "n − B extra references per step");
            assertTrue(largest > 1e-3, "at high noise the stable target departs from ε: " + largest);
            Objective tooSmall = new StfObjective(SCHEDULE, -1, 0, 3, recording, new StableTargets(16));
            assertThrows(IllegalArgumentException.class,
                    () -> tooSmall.loss(NET, ps, batch(m, new int[] {3, 4, 5, 6}, 9)));
        }
    }

    @Test
    void uniformReferencesComeFromTheDataWithTheirLabels() {
        try (NDManager m = NDManager.newBaseManager()) {
            ReferenceSampler.References r = ReferenceSampler.uniform(DATA).draw(m, 5, new SplittableRandom(3));
            assertEquals(new Shape(5, 1, 28, 28), r.images().getShape());
            SplittableRandom same = new SplittableRandom(3);
            for (int i = 0; i < 5; i++) assertEquals(DATA.label(same.nextInt(DATA.size())), r.labels()[i]);
        }
    }
}
