package io.guidestream.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.guidestream.nn.GradMode;
import io.guidestream.nn.GradientRecorder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamWTest {

    /** Gradient of Σ w² at w = (1, −2, 3) is (2, −4, 6): norm √56 ≈ 7.48. */
    private static void backward(Parameter p) {
        try (GradientRecorder rec = GradientRecorder.start()) {
            rec.backward(p.getArray().square().sum());
        }
    }

    @Test
    void aStepAboveTheSkipNormLeavesWeightsAndMomentsAsTheyWere() {
        GradMode.disableOnThisThread();
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            NDArray w = m.create(new float[] {1, -2, 3});
            w.setRequiresGradient(true);
            p.setArray(w);
            List<Parameter> params = List.of(p);
            AdamW adam = new AdamW(m, params, 0);

            backward(p);
            double norm = adam.step(params, 0.1, 1, 100, 7.0);
            assertEquals(Math.sqrt(56), norm, 1e-5, "the norm is reported even when the step is skipped");
            assertArrayEquals(new float[] {1, -2, 3}, w.toFloatArray(), "skipped: weights untouched");
            adam.state().forEach(s -> assertArrayEquals(new float[3], s.toFloatArray(), "moments untouched"));
            assertArrayEquals(new float[3], w.getGradient().toFloatArray(), "gradients zeroed for the next step");

            backward(p);
            adam.step(params, 0.1, 1, 100, 8.0);
            float[] after = w.toFloatArray();
            assertFalse(Arrays.equals(new float[] {1, -2, 3}, after), "below the skip norm the step is applied");
            // Adam's first step moves every weight by lr against the sign of its gradient.
            assertArrayEquals(new float[] {0.9f, -1.9f, 2.9f}, after, 1e-5f);
        }
    }
}
