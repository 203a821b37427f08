package io.guidestream.perf;

import io.guidestream.LoopbackCluster;
import io.guidestream.TestConfig;
import io.guidestream.app.AppConfig;
import io.guidestream.app.Launcher;
import io.guidestream.app.Role;
import io.guidestream.registry.ModelRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Scale-out on one machine (issue 27): the {@code ws-load} load ({@link LoadLevel}) against three deployments that run
 * side by side and are measured in turn, round after round: the service in one JVM (no cluster); a gateway and one
 * sampler in separate JVMs clustered on loopback; a gateway and two samplers. Gateways and clients live in this JVM,
 * clustered samplers in child JVMs started as an operator would ({@code serve --config}). Per round and deployment:
 * jobs/s, step gaps, how the gateway spread its jobs over the samplers (its {@code guidestream.routing.jobs} meter) and
 * errors; then the medians, and the ratios that give the cluster's overhead (one sampler against one JVM) and what a
 * second sampler buys on this machine (two against one).
 */
final class ClusterLoad {
    private ClusterLoad() {
    }

    private record Deployment(String name, Launcher.Running gateway) {
    }

    /** {@code perf/bench cluster-load [clients] [seconds] [rounds]}: defaults 8 clients, 20 s, 3 rounds. */
    static void run(String[] args) throws Exception {
        int clients = PerfSupport.intArg(args, 0, 8, 1, 256, "clients");
        int seconds = PerfSupport.intArg(args, 1, 20, 1, 600, "seconds");
        int rounds = PerfSupport.intArg(args, 2, 3, 1, 20, "rounds");
        AppConfig.Limits limits = WsLoad.raisedLimits();
        ModelRegistry registry = BenchModels.create();
        Path logs = Files.createDirectories(registry.root().resolve("logs"));
        PerfSupport.header("cluster load on one machine: " + clients + " WebSocket clients, DDIM " + LoadLevel.STEPS
                + " steps, batch 1, x_t + x̂0 previews every step (bench U-Net + classifier); " + seconds
                + " s per deployment and round, " + rounds + " rounds, deployments in turn (order reversed every other"
                + " round)");
        System.out.println("# one JVM: gateway + sampler, no cluster; cluster: gateway (this JVM) and sampler JVMs,"
                + " Hazelcast on loopback; offers: jobs the gateway sent each sampler in the window");
        WsLoad.printLimits(limits);
        List<Process> children = new ArrayList<>();
        List<Vertx> vertxes = new ArrayList<>();
        try {
            List<Deployment> deployments = start(registry, limits, logs, children, vertxes);
            Vertx clientVertx = Vertx.vertx();
            vertxes.add(clientVertx);
            for (Deployment d : deployments) LoadLevel.run(clientVertx, d.gateway().port(), clients, 5); // warm-up
            System.out.printf(Locale.ROOT, "%5s %-22s %7s %11s %11s %-14s %6s%n", "round", "deployment", "jobs/s",
                    "gap p50 ms", "gap p99 ms", "offers", "errors");
            Map<String, List<Double>> jobsPerSecond = new LinkedHashMap<>();
            for (int r = 1; r <= rounds; r++) {
                List<Deployment> order = new ArrayList<>(deployments);
                if (r % 2 == 0) java.util.Collections.reverse(order);
                for (Deployment d : order) {
                    Map<String, Double> before = offers(d);
                    LoadLevel.Result result = LoadLevel.run(clientVertx, d.gateway().port(), clients, seconds);
                    jobsPerSecond.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(result.jobsPerSecond());
                    System.out.printf(Locale.ROOT, "%5d %-22s %7.2f %11.1f %11.1f %-14s %6d%n", r, d.name(),
                            result.jobsPerSecond(), result.gapPercentile(50), result.gapPercentile(99),
                            spread(before, offers(d)), result.errorsWithDrain());
                    WsLoad.printErrors(result);
                }
            }
            summary(deployments, jobsPerSecond);
        } finally {
            for (Vertx v : vertxes) v.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            children.forEach(Process::destroy);
        }
    }

    /** The three deployments, each ready: its gateway sees all its samplers. */
    private static List<Deployment> start(ModelRegistry registry, AppConfig.Limits limits, Path logs,
            List<Process> children, List<Vertx> vertxes) throws Exception {
        LoopbackCluster one = new LoopbackCluster();
        LoopbackCluster two = new LoopbackCluster();
        // The child JVMs are the slowest to start: first, so that they load PyTorch while the rest starts.
        children.add(one.startProcess(config(registry, limits, Role.SAMPLER), logs, "one-sampler"));
        children.add(two.startProcess(config(registry, limits, Role.SAMPLER), logs, "two-sampler-a"));
        children.add(two.startProcess(config(registry, limits, Role.SAMPLER), logs, "two-sampler-b"));
        Vertx local = Vertx.vertx();
        vertxes.add(local);
        Launcher.Running oneJvm = LoadLevel.await(Launcher.start(local,
                config(registry, limits, Role.GATEWAY, Role.SAMPLER)), 300);
        Launcher.Running gatewayOne = one.start(config(registry, limits, Role.GATEWAY));
        vertxes.add(gatewayOne.vertx());
        Launcher.Running gatewayTwo = two.start(config(registry, limits, Role.GATEWAY));
        vertxes.add(gatewayTwo.vertx());
        LoopbackCluster.awaitSamplers(gatewayOne, n -> n.size() == 1, 300_000,
                () -> LoopbackCluster.log(logs, "one-sampler"));
        LoopbackCluster.awaitSamplers(gatewayTwo, n -> n.size() == 2, 300_000,
                () -> LoopbackCluster.log(logs, "two-sampler-a") + LoopbackCluster.log(logs, "two-sampler-b"));
        return List.of(new Deployment("one JVM", oneJvm), new Deployment("cluster, 1 sampler", gatewayOne),
                new Deployment("cluster, 2 samplers", gatewayTwo));
    }

    private static AppConfig config(ModelRegistry registry, AppConfig.Limits limits, Role... roles) {
        return TestConfig.of(EnumSet.of(roles[0], roles), registry.root(), registry.root().resolve("runs"),
                List.of(BenchModels.UNET), limits);
    }

    /** Jobs the gateway has offered each sampler so far. */
    private static Map<String, Double> offers(Deployment d) {
        Map<String, Double> out = new TreeMap<>();
        d.gateway().registry().find("guidestream.routing.jobs").counters()
                .forEach(c -> out.put(c.getId().getTag("sampler"), c.count()));
        return out;
    }

    /** Offers per sampler in the window, largest first ("41/39"). */
    private static String spread(Map<String, Double> before, Map<String, Double> after) {
        return after.entrySet().stream().map(e -> e.getValue() - before.getOrDefault(e.getKey(), 0.0))
                .sorted(java.util.Comparator.reverseOrder()).map(n -> String.valueOf(Math.round(n)))
                .collect(Collectors.joining("/"));
    }

    private static void summary(List<Deployment> deployments, Map<String, List<Double>> jobsPerSecond) {
        Map<String, Double> median = new LinkedHashMap<>();
        jobsPerSecond.forEach((name, xs) -> median.put(name,
                PerfSupport.median(xs.stream().mapToDouble(Double::doubleValue).toArray())));
        String oneJvm = deployments.get(0).name();
        String one = deployments.get(1).name();
        String two = deployments.get(2).name();
        System.out.printf(Locale.ROOT, "# median jobs/s: %s %.2f, %s %.2f, %s %.2f%n", oneJvm, median.get(oneJvm), one,
                median.get(one), two, median.get(two));
        System.out.printf(Locale.ROOT, "# cluster overhead: 1 sampler %.2f× one JVM; second sampler: 2 samplers %.2f×"
                + " 1 sampler%n", median.get(one) / median.get(oneJvm), median.get(two) / median.get(one));
    }
}
