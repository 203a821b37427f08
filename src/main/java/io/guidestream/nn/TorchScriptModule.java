package io.guidestream.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A TorchScript module loaded through DJL's PyTorch engine, in evaluation mode (dropout off, batch norm on its running
 * statistics) for good, with autograd that follows the calling thread's grad mode like every other network here.
 *
 * <p>Why not {@code PtSymbolBlock.forward(…, training = false)}: DJL then runs the module under a no-grad guard, so no
 * input gradient could flow through an imported classifier; and {@code training = true} would switch the module to
 * training mode. This class calls the module's {@code forward} with the guard off and leaves the mode alone: inside a
 * {@link GradientRecorder} the graph is recorded (input gradients, ALGORITHMS.md §0), elsewhere grad mode is off
 * ({@link GradMode}) and nothing is. The module's own parameters never require a gradient.
 */
public final class TorchScriptModule {
    private final PtSymbolBlock block;

    private TorchScriptModule(PtSymbolBlock block) {
        this.block = block;
    }

    /**
     * Loads {@code file} into {@code manager} (which owns it from then on, on the manager's device).
     *
     * @throws ai.djl.engine.EngineException when the file is not a TorchScript archive PyTorch can read
     */
    public static TorchScriptModule load(NDManager manager, Path file) {
        // trainParam = true: otherwise the engine loads the weights as inference tensors, which autograd refuses to
        // record ("Inference tensors cannot be saved for backward"), so no input gradient could be taken.
        PtSymbolBlock block = JniUtils.loadModule((PtNDManager) manager, file, true, new String[0], new String[0],
                true);
        JniUtils.enableInferenceMode(block);
        TorchScriptModule module = new TorchScriptModule(block);
        for (Pair<String, Parameter> p : block.getParameters()) p.getValue().getArray().setRequiresGradient(false);
        return module;
    }

    /** Runs {@code forward}; the outputs (a tuple's elements in order) attach to the first input's manager. */
    public NDList forward(NDList inputs) {
        return IValueUtils.forward(block, inputs, true);
    }

    /** The module's parameters by name (its buffers are not parameters). */
    public List<Pair<String, NDArray>> parameters() {
        List<Pair<String, NDArray>> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) out.add(new Pair<>(p.getKey(), p.getValue().getArray()));
        return out;
    }
}
