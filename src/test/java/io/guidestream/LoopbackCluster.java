package io.guidestream;

import io.guidestream.app.AppConfig;
import io.guidestream.app.Cluster;
import io.guidestream.app.Launcher;
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
        return config.withCluster(new AppConfig.Cluster(true, name, "127.0.0.1", List.of("127.0.0.1"), "", 0));
    }

    /** A node in this JVM: its own clustered Vert.x and meters, the roles of {@code config}. */
    public Launcher.Running start(AppConfig config) throws Exception {
        AppConfig c = join(config);
        var registry = Cluster.newRegistry();
        Vertx vertx = Cluster.create(c.cluster(), registry).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        return Launcher.start(vertx, c, registry).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    /**
     * A node in a child JVM; its output goes to {@code dir/<label>.log}. It gets this JVM's PyTorch thread settings
     * (perf/README.md, a shared machine), if any.
     */
    public Process startProcess(AppConfig config, Path dir, String label) throws IOException {
        Path file = Files.writeString(dir.resolve(label + ".json"), Json.write(join(config)));
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
     * The sampler nodes a gateway routes to ({@code /health/ready}; read with the JDK's client, because the
     * benchmarks run without the test-scoped Vert.x web client).
     */
    public static List<String> samplers(Launcher.Running gateway) throws Exception {
        HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
                + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
        List<String> out = new ArrayList<>();
        Json.MAPPER.readTree(ready.body()).path("nodes").forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Waits until the gateway's samplers satisfy {@code condition}; fails after {@code timeoutMs}, saying why. */
    public static List<String> awaitSamplers(Launcher.Running gateway, Predicate<List<String>> condition,
            long timeoutMs, Supplier<String> why) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            List<String> nodes = samplers(gateway);
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
