package io.guidestream;

import io.guidestream.app.Cluster;
import io.guidestream.app.Launcher;
import io.guidestream.config.AppConfig;
import io.guidestream.config.ClusterConfig;
import io.guidestream.json.Json;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Clustered nodes on loopback for tests and benchmarks (STACK.md's recipe): a cluster name of their own, TCP-IP join
 * on 127.0.0.1 and the event bus on 127.0.0.1; each node a Vert.x instance of its own in this JVM, or a child JVM
 * started the way an operator would ({@code serve --config FILE}), which a test can kill.
 */
public final class LoopbackCluster {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String name = "gs-test-" + UUID.randomUUID();

    /** {@code config}, joined to this cluster. */
    public AppConfig join(AppConfig config) {
        return config.withCluster(new ClusterConfig(true, name, "127.0.0.1", List.of("127.0.0.1"), "", 0));
    }

    /** A node in this JVM: its own clustered Vert.x and meters, the roles of {@code config}. */
    public Launcher.Running start(AppConfig config) throws Exception {
        AppConfig c = join(config);
        var registry = Cluster.newRegistry();
        Vertx vertx = Cluster.create(c.cluster(), registry).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        return Launcher.start(vertx, c, registry).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    /** A node of this cluster in a child JVM; its output goes to {@code dir/<label>.log}. */
    public Process startProcess(AppConfig config, Path dir, String label) throws IOException {
        return startJvm(join(config), dir, label);
    }

    /**
     * The service with {@code config} in a child JVM, started as an operator would; its output goes to
     * {@code dir/<label>.log}. It gets this JVM's PyTorch thread settings (perf/README.md, a shared machine), if any.
     */
    public static Process startJvm(AppConfig config, Path dir, String label) throws IOException {
        Path file = Files.writeString(dir.resolve(label + ".json"), Json.write(config));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Djava.net.preferIPv4Stack=true", "-Dai.djl.offline=true", "-Xmx1g"));
        for (String p : List.of("ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads")) {
            if (System.getProperty(p) != null) command.add("-D" + p + "=" + System.getProperty(p));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.guidestream.app.Main", "serve",
                "--config", file.toString()));
        return new ProcessBuilder(command).redirectOutput(dir.resolve(label + ".log").toFile())
                .redirectErrorStream(true).start();
    }

    /**
     * GET {@code path} from the service on {@code port} of this machine (the JDK's client: the benchmarks run without
     * the test-scoped Vert.x web client).
     */
    public static String get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sampler nodes the gateway on {@code port} routes to ({@code /health/ready}). */
    public static List<String> samplers(int port) throws Exception {
        List<String> out = new ArrayList<>();
        Json.MAPPER.readTree(get(port, "/health/ready")).path("nodes").forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * Waits until the samplers of the gateway on {@code port} (which may still be starting) satisfy
     * {@code condition}; fails after {@code timeoutMs}, saying why.
     */
    public static List<String> awaitSamplers(int port, Predicate<List<String>> condition, long timeoutMs,
            Supplier<String> why) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            List<String> nodes;
            try {
                nodes = samplers(port);
            } catch (IOException notListeningYet) {
                nodes = List.of();
            }
            if (condition.test(nodes)) return nodes;
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("gateway sees samplers " + nodes + "; " + why.get());
            }
            Thread.sleep(200);
        }
    }

    /** A child's log, for failure messages. */
    public static String log(Path dir, String label) {
        try {
            return label + " log:\n" + Files.readString(dir.resolve(label + ".log"));
        } catch (IOException e) {
            return "no " + label + " log";
        }
    }
}
