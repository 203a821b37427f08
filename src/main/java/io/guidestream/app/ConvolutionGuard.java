package io.guidestream.app;

import io.guidestream.nn.AlignedConv2d;
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
 * {@code AlignedConv2d} already avoids the shapes known to go wrong; this is the net for a host that fails anyway, and
 * for imported TorchScript networks, whose plain convolutions of any shape it cannot avoid: a command that may run one
 * (the {@code import} command, a service or evaluation over a registry that holds one) checks those kernels too.
 * oneDNN reads its instruction-set cap from the environment once, when PyTorch loads, so a process cannot fix its
 * own kernels: on a host where the check fails, the command is run again in a child JVM (same Java, JVM options,
 * class path and arguments, standard streams shared) with {@code ONEDNN_MAX_CPU_ISA=AVX}, and if its check fails too,
 * with {@code SSE41}; this JVM only waits for it and passes SIGTERM on. A cap the user set is respected: if the check
 * fails under it, the command stops with an error rather than train on wrong gradients.
 */
final class ConvolutionGuard {
    static final String ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";
    /**
     * The caps tried in turn. AVX's kernels were right for every shape the project's own networks use, at a third of
     * AVX-512's speed; for plain convolutions on the Zen 5 VM of 2026-12-06 they were wrong with 12 and 20 input
     * channels too, and only SSE4.1's (at about a fifth) were right for all shapes.
     */
    static final List<String> FALLBACK_ISAS = List.of("AVX", "SSE41");
    /** Set in a child this guard started, so that a child whose cap does not help only says so, and the next is tried. */
    static final String CHILD_VARIABLE = "GUIDESTREAM_CONVOLUTION_GUARD";
    /** Exit code of a command refused because the convolutions are wrong. */
    static final int WRONG_CONVOLUTIONS = 3;

    private ConvolutionGuard() {
    }

    /**
     * Checks the convolutions; on failure runs {@code args} in a child JVM under each fallback cap in turn, until one
     * whose convolutions are right.
     *
     * @param torchScript whether the command may run imported TorchScript networks, whose convolutions are plain
     *                    ones of any shape: then {@link ConvolutionCheck#plainConvolutions} must pass too
     * @return empty when the command may run in this JVM, otherwise the exit code to end with
     */
    static OptionalInt ensure(String[] args, boolean torchScript) throws IOException, InterruptedException {
        ConvolutionCheck.Report report = ConvolutionCheck.run();
        if (report.ok() && torchScript) report = ConvolutionCheck.plainConvolutions();
        if (report.ok()) {
            alignOnlyIfNeeded();
            return OptionalInt.empty();
        }
        String cap = System.getenv(ISA_VARIABLE);
        if (cap != null && !cap.isBlank()) {
            System.err.println("The engine's float32 convolutions are wrong on this host even with " + ISA_VARIABLE
                    + "=" + cap + ": " + String.join("; ", report.failures()) + (System.getenv(CHILD_VARIABLE) != null
                            ? "." : ". Refusing to run; try " + ISA_VARIABLE + "=SSE41."));
            return OptionalInt.of(WRONG_CONVOLUTIONS);
        }
        System.err.println("The engine's float32 convolutions are wrong on this host (" + report.failures().size()
                + " failed checks, e.g. " + report.failures().get(0) + "); running the command again with "
                + ISA_VARIABLE + " capped (docs/ARCHITECTURE.md, \"Numerics on the host\").");
        for (String isa : FALLBACK_ISAS) {
            System.err.println("trying " + ISA_VARIABLE + "=" + isa);
            int code = relaunch(args, isa);
            if (code != WRONG_CONVOLUTIONS) return OptionalInt.of(code);
        }
        System.err.println("Refusing to run: the convolutions are wrong under every cap tried " + FALLBACK_ISAS);
        return OptionalInt.of(WRONG_CONVOLUTIONS);
    }

    /**
     * Turns {@code AlignedConv2d}'s channel padding off where the plain kernels are right for the networks' unaligned
     * shapes too: the padding only avoids wrong kernels, and costs native calls and filters at every convolution.
     */
    static void alignOnlyIfNeeded() {
        boolean plainRight = ConvolutionCheck.plainOwnShapes().ok();
        AlignedConv2d.padChannels(!plainRight);
        if (plainRight) System.err.println("plain convolutions are right on this host: channel padding off");
    }

    private static int relaunch(String[] args, String isa) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = command(java, ManagementFactory.getRuntimeMXBean().getInputArguments(),
                System.getProperty("java.class.path"), args);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(Map.of(ISA_VARIABLE, isa, CHILD_VARIABLE, "1"));
        Process child = builder.start();
        // SIGTERM to this JVM (an orchestrator, pkill) reaches the child, which then stops at a step boundary and
        // writes its checkpoint; this JVM exits only after it.
        Thread stopChild = new Thread(() -> {
            child.destroy();
            try {
                child.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "convolution-guard-child");
        Runtime.getRuntime().addShutdownHook(stopChild);
        int code = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stopChild); // the next cap's child gets a hook of its own
        } catch (IllegalStateException shuttingDown) {
            // this JVM is stopping (SIGTERM): the hook itself stopped the child and waited for it
        }
        return code;
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
