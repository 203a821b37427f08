package io.guidestream.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.diffusion.HostNoise;
import io.guidestream.nn.TorchScriptConfig;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRole;
import io.guidestream.sampling.ClassifierProbe;
import io.guidestream.sampling.LoadedModel;
import io.guidestream.sampling.TorchScriptNetwork;
import io.guidestream.sampling.guidance.ClassifierReading;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Runs an imported network the way the sampler will, on inputs of its card's shapes, and refuses it with a named
 * {@link ImportProblem} unless: a batch of 2 answers with the shape its role needs (ε-networks B×outputChannels×H×W,
 * classifiers B×numClasses), all finite; batches of 1 and 3 answer too (the batch size is not baked in); and a
 * classifier's log-probability has a finite, non-zero input gradient (it can guide). When the declared call fails, the
 * other conventions are tried, so that a card that contradicts its file is told apart from a file that fits nothing.
 */
final class ForwardChecks {
    private ForwardChecks() {
    }

    static void run(LoadedModel model) {
        TorchScriptNetwork network = (TorchScriptNetwork) model.network();
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray out = declared(scope, network, model.card());
            requireShape(out, 2, model.card());
            requireFinite(out, "its answer");
            for (int b : new int[] {1, 3}) requireBatch(scope, network, model.card(), b);
            if (model.card().role() == ModelRole.CLASSIFIER) requireInputGradient(scope, network, model.card());
        }
    }

    /** The declared call on a batch of 2; on failure, the diagnosis. */
    private static NDArray declared(NDManager scope, TorchScriptNetwork network, ModelCard card) {
        try {
            return call(scope, network, card, 2);
        } catch (RuntimeException e) {
            throw diagnose(scope, network, card, e);
        }
    }

    private static ImportRefusedException diagnose(NDManager scope, TorchScriptNetwork network, ModelCard card,
            RuntimeException failure) {
        TorchScriptConfig c = network.config();
        if (card.role() == ModelRole.EPSILON && works(() -> call(scope, network.with(c, !network.takesLabels()), card,
                2))) {
            return contradiction(network.takesLabels()
                    ? "its forward takes (x, t), but the card's numClasses " + c.numClasses() + " makes the service"
                            + " call forward(x, t, y): set numClasses 0 for an unconditional network"
                    : "its forward takes (x, t, y), but the card's numClasses 0 makes the service call forward(x, t):"
                            + " declare its classes in numClasses");
        }
        TorchScriptConfig.TimestepType other = c.timestepType() == TorchScriptConfig.TimestepType.INT64
                ? TorchScriptConfig.TimestepType.FLOAT32 : TorchScriptConfig.TimestepType.INT64;
        TorchScriptConfig flipped = new TorchScriptConfig(c.imageChannels(), c.imageSize(), c.numClasses(),
                c.outputChannels(), c.epsOffset(), other, 1, c.valueRange());
        if (works(() -> call(scope, network.with(flipped, network.takesLabels()), card, 2))) {
            return contradiction("its forward takes t as " + other.wire() + ", but the card's timestepType is "
                    + c.timestepType().wire());
        }
        return new ImportRefusedException(ImportProblem.INPUT_SHAPE, "the network fails on a batch of 2 "
                + c.imageShape() + " images called as the card declares (" + signature(network) + "): "
                + TorchMessage.of(failure));
    }

    private static void requireShape(NDArray out, int batch, ModelCard card) {
        TorchScriptConfig c = (TorchScriptConfig) card.network();
        long[] got = out.getShape().getShape();
        boolean eps = card.role() == ModelRole.EPSILON;
        long[] want = eps ? new long[] {batch, c.outputChannels(), c.imageSize(), c.imageSize()}
                : new long[] {batch, c.numClasses()};
        if (Arrays.equals(got, want)) return;
        String wanted = eps ? "B×" + c.outputChannels() + "×" + c.imageSize() + "×" + c.imageSize()
                : "B×" + c.numClasses() + " logits";
        if (eps && got.length == 4 && got[0] == batch && got[2] == c.imageSize() && got[3] == c.imageSize()) {
            throw contradiction("it returns " + got[1] + " channels, but the card's outputChannels is "
                    + c.outputChannels() + (got[1] == 2L * c.imageChannels() ? " (ε and a learned variance: set"
                            + " outputChannels " + got[1] + ")" : ""));
        }
        if (!eps && got.length == 2 && got[0] == batch) {
            throw contradiction("it returns " + got[1] + " logits, but the card's numClasses is " + c.numClasses());
        }
        throw new ImportRefusedException(ImportProblem.OUTPUT_SHAPE, "for a batch of " + batch + " the network returns "
                + new Shape(got) + "; a " + (eps ? "ε-network" : "classifier") + " must return " + wanted
                + (eps && got.length == 2 ? " (is it a classifier?)" : "")
                + (!eps && got.length == 4 ? " (is it an ε-network?)" : ""));
    }

    private static void requireBatch(NDManager scope, TorchScriptNetwork network, ModelCard card, int batch) {
        NDArray out;
        try {
            out = call(scope, network, card, batch);
        } catch (RuntimeException e) {
            throw fixedBatch(batch, TorchMessage.of(e));
        }
        if (out.getShape().dimension() == 0 || out.getShape().get(0) != batch) {
            throw fixedBatch(batch, "it returns " + out.getShape());
        }
    }

    private static ImportRefusedException fixedBatch(int batch, String detail) {
        return new ImportRefusedException(ImportProblem.FIXED_BATCH, "the network works on a batch of 2 but not on a"
                + " batch of " + batch + " (" + detail + "): the batch size is baked into it, as a trace does with a"
                + " constant reshape. The sampler batches jobs together, so it must take any batch size");
    }

    private static void requireInputGradient(NDManager scope, TorchScriptNetwork network, ModelCard card) {
        Inputs in = Inputs.of(scope, card, 2);
        ClassifierReading reading;
        try {
            reading = new ClassifierProbe(network).read(scope, in.x(), in.t(), in.labels(), false);
        } catch (RuntimeException e) {
            throw new ImportRefusedException(ImportProblem.NO_INPUT_GRADIENT, "no gradient of log p(y|x_t) reaches the"
                    + " classifier's input (" + TorchMessage.of(e) + "): it cannot guide. Export it without"
                    + " detaching its input");
        }
        requireFinite(reading.gradLogPy(), "the input gradient of its log-probability");
        if (Arrays.stream(reading.gradNorm()).anyMatch(n -> n == 0)) {
            throw new ImportRefusedException(ImportProblem.NO_INPUT_GRADIENT, "the classifier's log-probability does"
                    + " not depend on its input (the gradient is 0): it cannot guide");
        }
    }

    private static void requireFinite(NDArray values, String what) {
        float[] v = values.toFloatArray();
        long bad = 0;
        for (float f : v) if (!Float.isFinite(f)) bad++;
        if (bad > 0) {
            throw new ImportRefusedException(ImportProblem.NON_FINITE_OUTPUT, bad + " of the " + v.length
                    + " values of " + what + " on a batch of 2 are NaN or infinite");
        }
    }

    private static NDArray call(NDManager scope, TorchScriptNetwork network, ModelCard card, int batch) {
        Inputs in = Inputs.of(scope, card, batch);
        return network.forward(scope, in.x(), in.t(), network.takesLabels() ? in.labels() : null);
    }

    private static boolean works(Supplier<NDArray> call) {
        try {
            call.get();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static ImportRefusedException contradiction(String detail) {
        return new ImportRefusedException(ImportProblem.CARD_CONTRADICTS_FILE, "the card contradicts the file: "
                + detail);
    }

    private static String signature(TorchScriptNetwork network) {
        TorchScriptConfig c = network.config();
        return "forward(x float32 B×" + c.imageShape() + ", t " + c.timestepType().wire() + " B"
                + (network.takesLabels() ? ", y int64 B" : "") + ")";
    }

    /** Probe inputs: x ~ N(0, I) (a fixed draw), timesteps spread over 0..T−1, labels cycling over the classes. */
    private record Inputs(NDArray x, int[] t, int[] labels) {
        static Inputs of(NDManager scope, ModelCard card, int batch) {
            TorchScriptConfig c = (TorchScriptConfig) card.network();
            NDArray x = HostNoise.gaussian(scope, new Shape(batch, c.imageChannels(), c.imageSize(), c.imageSize()),
                    new SplittableRandom(batch));
            int[] t = new int[batch];
            int[] labels = new int[batch];
            int last = card.diffusionSteps() - 1;
            for (int i = 0; i < batch; i++) {
                t[i] = batch == 1 ? last / 2 : (int) ((long) last * i / (batch - 1));
                labels[i] = i % Math.max(1, c.numClasses()); // a class even when the card says none (the diagnosis)
            }
            return new Inputs(x, t, labels);
        }
    }
}
