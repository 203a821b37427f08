package io.guidestream.app;

import io.guidestream.nn.ConvolutionCheck;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Makes sure a command that trains or samples runs on right convolutions ({@link ConvolutionCheck}). The networks'
 * {@code AlignedConv2d} already avoids the shapes known to go wrong; this is the net for a host that fails anyway.
 * oneDNN reads its instruction-set cap from the environment once, when PyTorch loads, so a process cannot fix its
 * own kernels: on a host where the check fails, the command is run again in a child JVM (same Java, JVM options,
 * class path and arguments, standard streams shared) with {@code ONEDNN_MAX_CPU_ISA=AVX}, whose kernels were right
 * on every host seen so far, and this JVM only waits for it and passes SIGTERM on. A cap the user set is respected:
 * if the check fails under it, the command stops with an error rather than train on wrong gradients.
 */
final class ConvolutionGuard {
    static final String ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";
    static final String FALLBACK_ISA = "AVX";
    /** Exit code of a command refused because the convolutions are wrong. */
    static final int WRONG_CONVOLUTIONS = 3;

    private ConvolutionGuard() {
    }

    /**
     * Checks the convolutions; on failure runs {@code args} in a child JVM with the fallback cap.
     *
     * @return empty when the command may run in this JVM, otherwise the exit code to end with
     */
    static OptionalInt ensure(String[] args) throws IOException, InterruptedException {
        ConvolutionCheck.Report report = ConvolutionCheck.run();
        if (report.ok()) return OptionalInt.empty();
        String cap = System.getenv(ISA_VARIABLE);
        if (cap != null && !cap.isBlank()) {
            System.err.println("The engine's float32 convolutions are wrong on this host even with " + ISA_VARIABLE
                    + "=" + cap + ": " + String.join("; ", report.failures()) + ". Refusing to run; try "
                    + ISA_VARIABLE + "=SSE41.");
            return OptionalInt.of(WRONG_CONVOLUTIONS);
        }
        System.err.println("The engine's float32 convolutions are wrong on this host (" + report.failures().size()
                + " failed checks, e.g. " + report.failures().get(0) + "); running the command again with "
                + ISA_VARIABLE + "=" + FALLBACK_ISA + " (docs/ARCHITECTURE.md, \"Numerics on the host\").");
        return OptionalInt.of(relaunch(args));
    }

    private static int relaunch(String[] args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = command(java, ManagementFactory.getRuntimeMXBean().getInputArguments(),
                System.getProperty("java.class.path"), args);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(Map.of(ISA_VARIABLE, FALLBACK_ISA));
        Process child = builder.start();
        // SIGTERM to this JVM (an orchestrator, pkill) reaches the child, which then stops at a step boundary and
        // writes its checkpoint; this JVM exits only after it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            child.destroy();
            try {
                child.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "convolution-guard-child"));
        return child.waitFor();
    }

    /** The child's command line: this JVM's launcher, options and class path, then {@link Main} and its arguments. */
    static List<String> command(String java, List<String> jvmOptions, String classPath, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return command;
    }
}
