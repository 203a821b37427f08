package io.guidestream.perf;

import io.guidestream.LoopbackCluster;
import io.guidestream.TestConfig;
import io.guidestream.config.AppConfig;
import io.guidestream.config.LimitsConfig;
import io.guidestream.config.Role;
import io.guidestream.registry.ModelRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Scale-out on one machine (issue 27): the {@code ws-load} load ({@link LoadLevel}) against three deployments that run
 * side by side and are measured in turn, round after round: the service in one JVM (no cluster); a gateway JVM and a
 * sampler JVM clustered on loopback; a gateway and two samplers. Every deployment runs in child JVMs started as an
 * operator would ({@code serve --config}); the clients run in this JVM. Per round and deployment: jobs/s, step gaps,
 * the CPU time its processes spent per job (on a shared machine a truer measure of the cluster's overhead than jobs/s,
 * since more processes win a larger share of contended cores), how the gateway spread the work (the mean items it
 * counted on each sampler and the jobs it offered each, from its {@code /metrics}), and errors; then the medians and
 * their ratios: the cluster's overhead (one sampler against one JVM) and what a second sampler buys here.
 */
final class ClusterLoad {
    private static final Pattern ROUTING = Pattern.compile(
            "^guidestream_routing_(jobs_total|active_items)\\{[^}]*sampler=\"([^\"]+)\"[^}]*} (\\S+)$",
            Pattern.MULTILINE);

    private ClusterLoad() {
    }

    /** A deployment under test: its gateway's port, how many samplers it has, and its JVMs. */
    private record Deployment(String name, int port, int samplers, List<Process> processes) {
        Duration cpu() {
            return processes.stream().map(p -> p.toHandle().info().totalCpuDuration().orElse(Duration.ZERO))
                    .reduce(Duration.ZERO, Duration::plus);
        }

        /** The gateway's routing meters per sampler: {@code jobs_total} and {@code active_items}. */
        Map<String, Map<String, Double>> routing() throws IOException, InterruptedException {
            Map<String, Map<String, Double>> out = new TreeMap<>();
            Matcher m = ROUTING.matcher(LoopbackCluster.get(port, "/metrics"));
            while (m.find()) {
                out.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(m.group(2), Double.parseDouble(m.group(3)));
            }
            return out;
        }
    }

    /** One deployment's figures in one round. */
    private record Row(LoadLevel.Result load, double cpuMsPerJob, String offers, String items) {
    }

    /** {@code perf/bench cluster-load [clients] [seconds] [rounds]}: defaults 8 clients, 20 s, 3 rounds. */
    static void run(String[] args) throws Exception {
        int clients = PerfSupport.intArg(args, 0, 8, 1, LoadLevel.MAX_CLIENTS, "clients");
        int seconds = PerfSupport.intArg(args, 1, 20, 1, 600, "seconds");
        int rounds = PerfSupport.intArg(args, 2, 3, 1, 20, "rounds");
        LimitsConfig limits = LoadLevel.raisedLimits();
        ModelRegistry registry = BenchModels.create();
        Path logs = Files.createDirectories(registry.root().resolve("logs"));
        PerfSupport.header("cluster load on one machine: " + clients + " WebSocket clients, DDIM " + LoadLevel.STEPS
                + " steps, batch 1, x_t + x̂0 previews every step (bench U-Net + classifier); " + seconds
                + " s per deployment and round, " + rounds + " rounds, deployments in turn (order reversed every other"
                + " round); PyTorch threads per JVM: " + System.getProperty("ai.djl.pytorch.num_threads", "default"));
        System.out.println("# every deployment in JVMs of its own (one JVM: gateway + sampler; cluster: a gateway JVM"
                + " and sampler JVMs, Hazelcast on loopback), clients in the benchmark's JVM; CPU ms/job: CPU time of"
                + " the deployment's JVMs over the window and the drain / jobs streamed meanwhile; items: mean items"
                + " the gateway counted per sampler; offers: jobs it offered each sampler");
        LoadLevel.printLimits(limits);
        List<Process> all = new ArrayList<>();
        Vertx clientVertx = Vertx.vertx();
        try {
            List<Deployment> deployments = start(registry, limits, logs, all);
            for (Deployment d : deployments) LoadLevel.run(clientVertx, d.port(), clients, 5); // warm-up
            System.out.printf(Locale.ROOT, "%5s %-20s %7s %10s %10s %11s %-11s %-11s %6s%n", "round", "deployment",
                    "jobs/s", "gap p50 ms", "gap p99 ms", "CPU ms/job", "items", "offers", "errors");
            Map<String, List<Row>> rows = new LinkedHashMap<>();
            for (int r = 1; r <= rounds; r++) {
                List<Deployment> order = new ArrayList<>(deployments);
                if (r % 2 == 0) Collections.reverse(order);
                for (Deployment d : order) {
                    Row row = measure(clientVertx, d, clients, seconds);
                    rows.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(row);
                    LoadLevel.Result l = row.load();
                    System.out.printf(Locale.ROOT, "%5d %-20s %7.2f %10.1f %10.1f %11.0f %-11s %-11s %6d%n", r,
                            d.name(), l.jobsPerSecond(), l.gapPercentile(50), l.gapPercentile(99), row.cpuMsPerJob(),
                            row.items(), row.offers(), l.errorsWithDrain());
                    l.printErrors();
                }
            }
            summary(rows);
        } finally {
            clientVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            for (Process p : all) p.destroy();
            for (Process p : all) p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The three deployments, each ready: its gateway sees all its samplers. */
    private static List<Deployment> start(ModelRegistry registry, LimitsConfig limits, Path logs,
            List<Process> all) throws Exception {
        LoopbackCluster one = new LoopbackCluster();
        LoopbackCluster two = new LoopbackCluster();
        int[] ports = {freePort(), freePort(), freePort()};
        Deployment oneJvm = new Deployment("one JVM", ports[0], 1, List.of(LoopbackCluster.startJvm(
                config(registry, limits, ports[0], Role.GATEWAY, Role.SAMPLER), logs, "one-jvm")));
        Deployment oneSampler = new Deployment("cluster, 1 sampler", ports[1], 1, List.of(
                one.startProcess(config(registry, limits, ports[1], Role.GATEWAY), logs, "one-gateway"),
                one.startProcess(config(registry, limits, 0, Role.SAMPLER), logs, "one-sampler")));
        Deployment twoSamplers = new Deployment("cluster, 2 samplers", ports[2], 2, List.of(
                two.startProcess(config(registry, limits, ports[2], Role.GATEWAY), logs, "two-gateway"),
                two.startProcess(config(registry, limits, 0, Role.SAMPLER), logs, "two-sampler-a"),
                two.startProcess(config(registry, limits, 0, Role.SAMPLER), logs, "two-sampler-b")));
        List<Deployment> deployments = List.of(oneJvm, oneSampler, twoSamplers);
        deployments.forEach(d -> all.addAll(d.processes()));
        for (Deployment d : deployments) {
            LoopbackCluster.awaitSamplers(d.port(), n -> n.size() == d.samplers(), 600_000,
                    () -> d.name() + " did not start; logs in " + logs);
        }
        return deployments;
    }

    private static AppConfig config(ModelRegistry registry, LimitsConfig limits, int port, Role... roles) {
        AppConfig c = TestConfig.of(EnumSet.of(roles[0], roles), registry.root(), registry.root().resolve("runs"),
                List.of(BenchModels.UNET), limits);
        return c.withHttp(c.http().withAddress("127.0.0.1", port).withMaxConnectionsPerClient(LoadLevel.MAX_CONNECTIONS));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** One window of load on {@code d}, with its CPU time and its gateway's routing meters around it. */
    private static Row measure(Vertx clientVertx, Deployment d, int clients, int seconds) throws Exception {
        Map<String, Double> offersBefore = d.routing().getOrDefault("jobs_total", Map.of());
        Map<String, double[]> items = new TreeMap<>(); // sampler → {sum, readings}
        ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor();
        sampling.scheduleAtFixedRate(() -> {
            try {
                d.routing().getOrDefault("active_items", Map.of()).forEach((node, v) -> {
                    double[] acc = items.computeIfAbsent(node, k -> new double[2]);
                    acc[0] += v;
                    acc[1]++;
                });
            } catch (Exception e) {
                // a missed reading
            }
        }, 1, 1, TimeUnit.SECONDS);
        Duration cpuBefore = d.cpu();
        LoadLevel.Result load;
        try {
            load = LoadLevel.run(clientVertx, d.port(), clients, seconds);
        } finally {
            sampling.shutdown();
            sampling.awaitTermination(10, TimeUnit.SECONDS);
        }
        double cpuMs = d.cpu().minus(cpuBefore).toMillis();
        Map<String, Double> offersAfter = d.routing().getOrDefault("jobs_total", Map.of());
        String offers = offersAfter.entrySet().stream().map(e -> e.getValue() - offersBefore.getOrDefault(e.getKey(),
                0.0)).sorted(Collections.reverseOrder()).map(n -> String.valueOf(Math.round(n)))
                .collect(Collectors.joining("/"));
        String meanItems = items.values().stream().map(a -> a[0] / a[1]).sorted(Collections.reverseOrder())
                .map(x -> String.format(Locale.ROOT, "%.1f", x)).collect(Collectors.joining("/"));
        // The CPU time also covers the last jobs draining after the window: it is divided by all the steps streamed.
        return new Row(load, cpuMs / Math.max(1.0, load.stepsAll() / (double) LoadLevel.STEPS), offers, meanItems);
    }

    private static void summary(Map<String, List<Row>> rows) {
        Map<String, double[]> median = new LinkedHashMap<>(); // name → {jobs/s, CPU ms/job}
        rows.forEach((name, rs) -> median.put(name, new double[] {
                PerfSupport.median(rs.stream().mapToDouble(r -> r.load().jobsPerSecond()).toArray()),
                PerfSupport.median(rs.stream().mapToDouble(Row::cpuMsPerJob).toArray())}));
        List<String> names = new ArrayList<>(median.keySet());
        double[] oneJvm = median.get(names.get(0));
        double[] one = median.get(names.get(1));
        double[] two = median.get(names.get(2));
        System.out.println("# medians: " + names.stream().map(n -> String.format(Locale.ROOT, "%s %.2f jobs/s %.0f"
                + " CPU ms/job", n, median.get(n)[0], median.get(n)[1])).collect(Collectors.joining("; ")));
        System.out.printf(Locale.ROOT, "# cluster overhead (1 sampler / one JVM): %.2f× the CPU per job, %.2f× the"
                + " jobs/s; second sampler (2 / 1): %.2f× the jobs/s, %.2f× the CPU per job%n", one[1] / oneJvm[1],
                one[0] / oneJvm[0], two[0] / one[0], two[1] / one[1]);
    }
}
