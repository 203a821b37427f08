package io.guidestream.config;

import java.util.List;

/**
 * {@code cluster}: the clustered event bus (Hazelcast). Off by default: everything runs in one JVM on the local event
 * bus.
 *
 * @param enabled           join a cluster
 * @param name              cluster name: nodes only join nodes of the same name
 * @param host              this node's event-bus address (the pod IP in Kubernetes); empty = Vert.x's choice
 * @param members           TCP-IP join: addresses of other members (host or host:port)
 * @param kubernetesService Kubernetes DNS discovery: the headless Service's DNS name (preferred in k8s)
 * @param eventBusPort      the event bus's TCP port (0 = any free port; fix it where network policies need to
 *                          name it, as in {@code k8s/})
 */
public record ClusterConfig(boolean enabled, String name, String host, List<String> members,
        String kubernetesService, int eventBusPort) {
    public ClusterConfig {
        members = List.copyOf(members);
        if (enabled && (name == null || name.isBlank())) {
            throw new IllegalArgumentException("cluster.name is required when cluster.enabled is true");
        }
        if (eventBusPort < 0 || eventBusPort > 65535) {
            throw new IllegalArgumentException("cluster.eventBusPort must be 0..65535, got " + eventBusPort);
        }
    }

    public static ClusterConfig defaults() {
        return new ClusterConfig(false, "guidestream", "", List.of(), "", 0);
    }
}
