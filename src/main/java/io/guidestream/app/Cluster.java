package io.guidestream.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.guidestream.config.ClusterConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Creates the Vert.x instance: local, or joined to a Hazelcast cluster (Vert.x's cluster manager; no home-made
 * protocol). Joining uses TCP-IP members when given, Kubernetes DNS discovery of a headless Service when named,
 * and multicast otherwise. With {@code cluster.host} set, Hazelcast and the event bus listen on that address only.
 * Either way Vert.x reports its own meters (HTTP server, event bus, pools, JVM) into the given Prometheus registry,
 * the one the service's meters and {@code /metrics} use.
 */
public final class Cluster {
    private static final Logger LOG = Logger.getLogger(Cluster.class.getName());

    private Cluster() {
    }

    /** A registry for one node. */
    public static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** A node with a registry of its own (tests that do not read Vert.x's meters). */
    public static Future<Vertx> create(ClusterConfig cluster) {
        return create(cluster, newRegistry());
    }

    public static Future<Vertx> create(ClusterConfig cluster, PrometheusMeterRegistry registry) {
        // Vert.x keeps backends by registry name in a static map: each instance needs a name of its own, or a second
        // instance in the same JVM (tests, a sampler beside a gateway) would report into the first one's registry.
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
                .setRegistryName("guidestream-" + UUID.randomUUID());
        VertxOptions options = new VertxOptions().setMetricsOptions(metrics);
        VertxBuilder builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory(registry));
        if (!cluster.enabled()) return Future.succeededFuture(builder.with(options).build());
        if (cluster.host().isBlank()) {
            LOG.warning("cluster.host is not set: Hazelcast and the event bus listen on every interface, and the"
                    + " cluster has no member authentication (docs/SECURITY.md, The cluster fence)");
        }
        EventBusOptions bus = new EventBusOptions().setPort(cluster.eventBusPort());
        if (!cluster.host().isBlank()) bus.setHost(cluster.host()).setClusterPublicHost(cluster.host());
        return builder.with(options.setEventBusOptions(bus))
                .withClusterManager(new HazelcastClusterManager(hazelcast(cluster))).buildClustered();
    }

    /**
     * Whether this node is a live member of its cluster (always true for a local instance): the cluster manager is
     * active and its Hazelcast member is running. Readiness is gated on this rather than on Hazelcast's
     * "cluster safe" (no partition migrating), which turns false on every node at once during each scale event.
     */
    public static boolean isMember(Vertx vertx) {
        if (!vertx.isClustered() || !(vertx instanceof VertxInternal internal)) return true;
        if (!(internal.clusterManager() instanceof HazelcastClusterManager hz) || !hz.isActive()) return false;
        return hz.getHazelcastInstance() != null && hz.getHazelcastInstance().getLifecycleService().isRunning();
    }

    static Config hazelcast(ClusterConfig cluster) {
        Config config = ConfigUtil.loadConfig();
        config.setClusterName(cluster.name());
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        if (!cluster.members().isEmpty()) {
            join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
        } else if (!cluster.kubernetesService().isBlank()) {
            join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", cluster.kubernetesService());
        } else {
            join.getMulticastConfig().setEnabled(true);
        }
        if (!cluster.host().isBlank()) {
            // Choosing the interface only picks the address members are told; without bind.any=false Hazelcast
            // still listens on every interface (docs/SECURITY.md, The cluster fence).
            config.setProperty("hazelcast.socket.bind.any", "false");
            config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(cluster.host());
            config.getNetworkConfig().setPublicAddress(cluster.host());
        }
        return config;
    }
}
