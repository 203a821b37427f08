package io.guidestream.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Creates the Vert.x instance: local, or joined to a Hazelcast cluster (Vert.x's cluster manager; no home-made
 * protocol). Joining uses TCP-IP members when given, Kubernetes DNS discovery of a headless Service when named,
 * and multicast otherwise.
 */
public final class Cluster {
    private Cluster() {
    }

    public static Future<Vertx> create(AppConfig.Cluster cluster) {
        if (!cluster.enabled()) return Future.succeededFuture(Vertx.vertx());
        EventBusOptions bus = new EventBusOptions();
        if (!cluster.host().isBlank()) bus.setHost(cluster.host()).setClusterPublicHost(cluster.host());
        return Vertx.builder().with(new VertxOptions().setEventBusOptions(bus))
                .withClusterManager(new HazelcastClusterManager(hazelcast(cluster))).buildClustered();
    }

    static Config hazelcast(AppConfig.Cluster cluster) {
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
            config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(cluster.host());
            config.getNetworkConfig().setPublicAddress(cluster.host());
        }
        return config;
    }
}
