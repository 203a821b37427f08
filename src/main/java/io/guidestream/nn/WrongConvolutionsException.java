package io.guidestream.nn;

import java.io.IOException;
import java.util.List;

/**
 * This process computes plain float32 convolutions of some shapes wrongly ({@link ConvolutionCheck#plainConvolutions}),
 * so it must not run a network whose convolutions it does not control (an imported TorchScript one). oneDNN fixes its
 * kernels when PyTorch loads: only a process started with a capped {@code ONEDNN_MAX_CPU_ISA} can; the service starts
 * so by itself when its registry holds a TorchScript model, and so does the {@code import} command.
 */
public final class WrongConvolutionsException extends IOException {
    private static final long serialVersionUID = 1L;

    public WrongConvolutionsException(List<String> failures) {
        super("this process computes plain convolutions wrongly (" + failures.size() + " failed checks, e.g. "
                + failures.get(0) + "), so it does not run TorchScript networks. Import with the CLI's import command"
                + " (it reruns itself with ONEDNN_MAX_CPU_ISA capped when needed) and restart the service, which then"
                + " does too"
                + " (docs/ARCHITECTURE.md, \"Numerics on the host\")");
    }
}
