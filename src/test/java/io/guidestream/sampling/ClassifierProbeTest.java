package io.guidestream.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.guidestream.diffusion.HostNoise;
import io.guidestream.sampling.guidance.ClassifierReading;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ALGORITHMS.md M1 (e) 9 and M3 (e) 2: input gradients against their closed forms for logits = W·x. */
class ClassifierProbeTest {
    private static final int C = 4;
    private static final int D = 6;

    @Test
    void logProbabilityGradientIsWyMinusExpectedW() {
        try (NDManager m = NDManager.newBaseManager()) {
            LinearClassifier clf = new LinearClassifier(C, D);
            clf.initialize(m, DataType.FLOAT32, new Shape(1, 1, 2, 3));
            clf.freezeParameters(true);
            ClassifierProbe probe = new ClassifierProbe(clf, new ParameterStore(m, false));
            NDArray x = HostNoise.gaussian(m, new Shape(3, 1, 2, 3), new SplittableRandom(11));
            int[] labels = {0, 2, 3};
            ClassifierReading r = probe.read(m, x, new int[3], labels, true);
            float[] w = clf.weights();
            float[] grad = r.gradLogPy().toFloatArray();
            float[] gradH = r.gradEntropy().toFloatArray();
            for (int b = 0; b < 3; b++) {
                double[] p = r.probs()[b];
                double h = r.entropy()[b];
                for (int d = 0; d < D; d++) {
                    double expected = w[labels[b] * D + d];
                    double expectedH = 0;
                    for (int c = 0; c < C; c++) {
                        expected -= p[c] * w[c * D + d];
                        // ∂H/∂z_c = −p_c (log p_c + H)
                        expectedH += -p[c] * (Math.log(p[c]) + h) * w[c * D + d];
                    }
                    assertEquals(expected, grad[b * D + d], 2e-6);
                    assertEquals(expectedH, gradH[b * D + d], 2e-6);
                }
            }
        }
    }

    @Test
    void entropyGradientVanishesAtUniformPredictionsWhileTheClassGradientDoesNot() {
        try (NDManager m = NDManager.newBaseManager()) {
            LinearClassifier clf = new LinearClassifier(C, D);
            clf.initialize(m, DataType.FLOAT32, new Shape(1, 1, 2, 3));
            clf.freezeParameters(true);
            ClassifierProbe probe = new ClassifierProbe(clf, new ParameterStore(m, false));
            NDArray x = m.zeros(new Shape(1, 1, 2, 3)); // W·0 = 0: all logits equal
            ClassifierReading r = probe.read(m, x, new int[1], new int[] {1}, true);
            assertEquals(Math.log(C), r.entropy()[0], 1e-6);
            assertEquals(0, r.gradEntropy().abs().max().getFloat(), 1e-7);
            assertEquals(true, r.gradNorm()[0] > 1e-3);
        }
    }

    @Test
    void aNegativeLabelTakesTheArgmaxAsTarget() {
        try (NDManager m = NDManager.newBaseManager()) {
            LinearClassifier clf = new LinearClassifier(C, D);
            clf.initialize(m, DataType.FLOAT32, new Shape(1, 1, 2, 3));
            clf.freezeParameters(true);
            ClassifierProbe probe = new ClassifierProbe(clf, new ParameterStore(m, false));
            NDArray x = HostNoise.gaussian(m, new Shape(1, 1, 2, 3), new SplittableRandom(3));
            ClassifierReading r = probe.read(m, x, new int[1], new int[] {-1}, false);
            assertEquals(ClassifierProbe.argmax(r.probs()[0]), r.target()[0]);
        }
    }
}
