package io.guidestream.app;

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
        String command = args.length == 0 ? "serve" : args[0];
        if (ENGINE_COMMANDS.contains(command)) {
            // Of these commands, import and eval run TorchScript networks (training and publishing never do).
            OptionalInt relaunched = ConvolutionGuard.ensure(args, command.equals("import") || command.equals("eval")
                    && holdsTorchScript(Path.of(option(args, "--models", System.getProperty("guidestream.models",
                            "models")))));
            if (relaunched.isPresent()) System.exit(relaunched.getAsInt());
        }
        int code = switch (command) {
            case "train" -> TrainCommand.run(args);
            case "serve" -> serve(args);
            case "publish" -> PublishCommand.run(args);
            case "stf-variance" -> StfVarianceCommand.run(args);
            case "eval" -> EvaluateCommand.run(args);
            case "blur-chain" -> BlurChainCommand.run(args, System.out, System.err);
            case "blur-prior" -> BlurPriorCommand.run(args, System.out);
            case "import" -> ImportCommand.run(args, System.out, System.err);
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

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) if (args[i].equals(name)) return args[i + 1];
        return fallback;
    }

    private static int serve(String[] args) throws Exception {
        Path file = null;
        for (int i = 1; i < args.length - 1; i++) if (args[i].equals("--config")) file = Path.of(args[i + 1]);
        String envFile = System.getenv("GUIDESTREAM_CONFIG");
        if (file == null && envFile != null && !envFile.isBlank()) file = Path.of(envFile);
        AppConfig config = AppConfig.load(file, System.getenv());
        if (!config.roles().equals(Set.of(Role.GATEWAY))) { // a gateway alone never loads PyTorch
            OptionalInt relaunched = ConvolutionGuard.ensure(args, holdsTorchScript(Path.of(config.registry().dir())));
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
