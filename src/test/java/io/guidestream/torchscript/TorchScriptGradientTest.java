package io.guidestream.torchscript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.Pair;
import io.guidestream.TorchScriptModels;
import io.guidestream.diffusion.HostNoise;
import io.guidestream.diffusion.ValueRange;
import io.guidestream.nn.GradMode;
import io.guidestream.nn.TorchScriptConfig;
import io.guidestream.nn.TorchScriptModule;
import io.guidestream.sampling.ClassifierProbe;
import io.guidestream.sampling.TorchScriptNetwork;
import io.guidestream.sampling.guidance.ClassifierReading;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ALGORITHMS.md §0 and M1 (e) 9 through a TorchScript module: for {@code linear8.pt}, logits = W·flatten(x) + b, the
 * guidance gradient ∇_x log p(y|x) has the closed form W_y − Σ_c p_c W_c, and the entropy gradient ∇_x H the form
 * Wᵀg with g_j = −p_j (log p_j + H). Both come out of the probe's one backward pass (the second on a stacked copy of
 * x), so this also shows that DJL passes input gradients through a TorchScript module, which it does not with
 * {@code PtSymbolBlock.forward(…, training = false)} (a no-grad guard).
 */
@Tag("torchscript")
class TorchScriptGradientTest {
    private static final int CLASSES = 10;
    private static final int DIM = 3 * 8 * 8;

    @Test
    void guidanceAndEntropyGradientsThroughATorchScriptLinearClassifierMatchTheirClosedForms() {
        GradMode.disableOnThisThread();
        try (NDManager m = NDManager.newBaseManager()) {
            TorchScriptModule module = TorchScriptModule.load(m, TorchScriptModels.file("linear8.pt"));
            float[] w = parameter(module, "w");
            float[] b = parameter(module, "b");
            TorchScriptConfig config = new TorchScriptConfig(3, 8, CLASSES, 0, 0,
                    TorchScriptConfig.TimestepType.INT64, 1, ValueRange.SIGNED);
            ClassifierProbe probe = new ClassifierProbe(new TorchScriptNetwork(module, config, false));
            int[] labels = {0, 3, 9};
            NDArray x = HostNoise.gaussian(m, new Shape(labels.length, 3, 8, 8), new SplittableRandom(5));
            ClassifierReading r = probe.read(m, x, new int[] {999, 500, 0}, labels, true);
            float[] xs = x.toFloatArray();
            float[] gradLogP = r.gradLogPy().toFloatArray();
            float[] gradH = r.gradEntropy().toFloatArray();
            double worstLogP = 0;
            double worstH = 0;
            for (int i = 0; i < labels.length; i++) {
                double[] p = softmax(w, b, xs, i);
                double h = 0;
                for (double pc : p) h -= pc * Math.log(pc);
                assertEquals(h, r.entropy()[i], 1e-5, "entropy of item " + i);
                for (int d = 0; d < DIM; d++) {
                    double logP = w[labels[i] * DIM + d];
                    double entropy = 0;
                    for (int c = 0; c < CLASSES; c++) {
                        logP -= p[c] * w[c * DIM + d];
                        entropy += -p[c] * (Math.log(p[c]) + h) * w[c * DIM + d];
                    }
                    worstLogP = Math.max(worstLogP, Math.abs(logP - gradLogP[i * DIM + d]));
                    worstH = Math.max(worstH, Math.abs(entropy - gradH[i * DIM + d]));
                }
            }
            System.out.printf("linear8.pt: max |∇log p − closed form| = %.2e, max |∇H − closed form| = %.2e%n",
                    worstLogP, worstH);
            assertTrue(worstLogP < 1e-6, "∇ log p(y|x) off its closed form by " + worstLogP);
            assertTrue(worstH < 1e-6, "∇H off its closed form by " + worstH);
        }
    }

    private static double[] softmax(float[] w, float[] b, float[] xs, int item) {
        double[] logits = new double[CLASSES];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CLASSES; c++) {
            double z = b[c];
            for (int d = 0; d < DIM; d++) z += (double) w[c * DIM + d] * xs[item * DIM + d];
            logits[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < CLASSES; c++) sum += logits[c] = Math.exp(logits[c] - max);
        for (int c = 0; c < CLASSES; c++) logits[c] /= sum;
        return logits;
    }

    private static float[] parameter(TorchScriptModule module, String name) {
        for (Pair<String, NDArray> p : module.parameters()) if (p.getKey().equals(name)) return p.getValue().toFloatArray();
        throw new AssertionError("linear8.pt has no parameter " + name);
    }
}
