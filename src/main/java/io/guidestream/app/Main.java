package io.guidestream.app;

import io.guidestream.config.AppConfig;
import io.guidestream.nn.NativeHeap;
import io.guidestream.nn.TorchScriptConfig;
import io.guidestream.registry.ModelRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Entry point: {@code serve} (default) starts the service; {@code train}, {@code publish}, {@code import} and
 * {@code eval} run a training job, a publish, a TorchScript import or an evaluation without the server;
 * {@code stf-variance} and {@code blur-chain} print the measurements behind docs/EXPERIMENTS.md's STF and Soft
 * Diffusion sections.
 */
public final class Main {
    /** The commands that train, sample or evaluate, and so need right convolutions ({@link ConvolutionGuard}). */
    private static final Set<String> ENGINE_COMMANDS =
            Set.of("train", "publish", "stf-variance", "eval", "blur-chain", "blur-prior", "import");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        // Nothing may be downloaded at run time: the PyTorch native library comes from the jar on the class path.
        System.setProperty("ai.djl.offline", "true");
        // Before any tensor exists: the engine's freed tensors stay in the process for the next pass (NativeHeap).
        NativeHeap.configure();
        String command = args.length == 0 ? "serve" : args[0];
        Invocation invocation;
        try {
            invocation = Invocation.parse(args.length == 0 ? new String[] {command} : args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(command + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        if (ENGINE_COMMANDS.contains(command)) {
            // Of these commands, import and eval run TorchScript networks (training and publishing never do).
            OptionalInt relaunched = ConvolutionGuard.ensure(args, command.equals("import") || command.equals("eval")
                    && holdsTorchScript(invocation.config().registry().path()));
            if (relaunched.isPresent()) System.exit(relaunched.getAsInt());
        }
        int code = switch (command) {
            case "train" -> TrainCommand.run(invocation, System.out, System.err);
            case "serve" -> serve(args, invocation.config());
            case "publish" -> PublishCommand.run(invocation);
            case "stf-variance" -> StfVarianceCommand.run(invocation);
            case "eval" -> EvaluateCommand.run(invocation, System.out, System.err);
            case "blur-chain" -> BlurChainCommand.run(invocation, System.out, System.err);
            case "blur-prior" -> BlurPriorCommand.run(invocation, System.out);
            case "import" -> ImportCommand.run(invocation, System.out, System.err);
            default -> {
                System.err.println("unknown command '" + command + "'; use: serve | train | publish | import | eval"
                        + " | stf-variance | blur-chain | blur-prior");
                yield 2;
            }
        };
        if (code != 0) System.exit(code);
    }

    /** Whether the registry in {@code dir} holds an imported TorchScript network (a model's default version). */
    private static boolean holdsTorchScript(Path dir) {
        return Files.isDirectory(dir) && new ModelRegistry(dir).list().stream()
                .anyMatch(v -> v.card().network() instanceof TorchScriptConfig);
    }

    private static int serve(String[] args, AppConfig config) throws Exception {
        if (!config.gatewayOnly()) { // a gateway alone never loads PyTorch
            OptionalInt relaunched = ConvolutionGuard.ensure(args, holdsTorchScript(config.registry().path()));
            if (relaunched.isPresent()) return relaunched.getAsInt();
        }
        var registry = Cluster.newRegistry(); // Vert.x's meters and ours, in one registry behind /metrics
        Vertx vertx = Cluster.create(config.cluster(), registry).toCompletionStage().toCompletableFuture().get();
        Launcher.Running running;
        try {
            running = Launcher.start(vertx, config, registry).toCompletionStage().toCompletableFuture().get();
        } catch (java.util.concurrent.ExecutionException e) {
            // Exit rather than linger half-started (e.g. sampler.device=gpu without a GPU): an orchestrator restarts
            // a process that died, never one whose liveness probe still answers.
            System.err.println("Guidestream failed to start: " + e.getCause());
            vertx.close().toCompletionStage().toCompletableFuture().get();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get();
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        }));
        if (running.gateway() != null) {
            System.out.println("Guidestream is serving on http://localhost:" + running.port() + "/");
        } else {
            System.out.println("Guidestream " + config.roles() + " is up; /metrics and /health on port "
                    + running.opsPort());
        }
        return 0;
    }
}
