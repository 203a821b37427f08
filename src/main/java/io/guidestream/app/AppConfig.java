package io.guidestream.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guidestream.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The whole configuration, one validated record tree built once at start: defaults, then a JSON file
 * ({@code --config FILE} or {@code GUIDESTREAM_CONFIG}), then environment variables. Unknown keys are an error.
 *
 * @param roles     which verticles this JVM runs
 * @param http      the gateway
 * @param sampler   the sampler
 * @param trainer   the trainer
 * @param evaluator the evaluator
 * @param registry  the model registry folder
 * @param limits    request limits enforced at the edge
 * @param cluster   the clustered event bus (off: one JVM)
 * @param ops       the operations port of nodes without a gateway ({@code /metrics} and health probes)
 */
public record AppConfig(Set<Role> roles, Http http, Sampler sampler, Trainer trainer, Evaluator evaluator,
        Registry registry, Limits limits, Cluster cluster, Ops ops) {

    @JsonCreator
    public AppConfig {
        roles = Set.copyOf(roles);
        if (roles.isEmpty()) throw new IllegalArgumentException("roles must name at least one role");
    }

    /** The configuration before the {@code ops} section existed: default operations port. */
    public AppConfig(Set<Role> roles, Http http, Sampler sampler, Trainer trainer, Evaluator evaluator,
            Registry registry, Limits limits, Cluster cluster) {
        this(roles, http, sampler, trainer, evaluator, registry, limits, cluster, Ops.defaults());
    }

    /**
     * @param host                  bind address
     * @param port                  HTTP port (0 = any free port)
     * @param webRoot               folder of the web app
     * @param trustForwardedHeaders take the client address from {@code X-Forwarded-For} (only behind a proxy that
     *                              sets it, such as the Kubernetes Ingress; otherwise clients could pick their own)
     */
    public record Http(String host, int port, String webRoot, boolean trustForwardedHeaders) {
        @JsonCreator
        public Http {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("http.port must be 0..65535, got " + port);
        }

        public Http(String host, int port, String webRoot) {
            this(host, port, webRoot, false);
        }
    }

    /**
     * @param capacity   most trajectory items in flight at once (admission beyond it is refused with CAPACITY)
     * @param warmModels models loaded and run once before the sampler reports ready
     * @param device     where the networks run: {@code auto} (a GPU if the engine sees one, else the CPU),
     *                   {@code cpu}, or {@code gpu} (start fails when there is none)
     */
    public record Sampler(int capacity, List<String> warmModels, DeviceChoice device) {
        @JsonCreator
        public Sampler {
            warmModels = List.copyOf(warmModels);
            if (capacity < 1 || capacity > 4096) {
                throw new IllegalArgumentException("sampler.capacity must be 1..4096, got " + capacity);
            }
            if (device == null) throw new IllegalArgumentException("sampler.device must be auto, cpu or gpu");
        }

        public Sampler(int capacity, List<String> warmModels) {
            this(capacity, warmModels, DeviceChoice.AUTO);
        }
    }

    /** {@code sampler.device}: written in lower case in JSON and the environment. */
    public enum DeviceChoice {
        AUTO, CPU, GPU;

        @JsonCreator
        public static DeviceChoice parse(String name) {
            for (DeviceChoice d : values()) if (d.name().equalsIgnoreCase(name.trim())) return d;
            throw new IllegalArgumentException("sampler.device must be auto, cpu or gpu, got '" + name + "'");
        }

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param runsDir   where training runs keep their checkpoints
     * @param queueSize training jobs that may wait behind the running one
     * @param dataDir   folder of the Fashion-MNIST IDX files
     */
    public record Trainer(String runsDir, int queueSize, String dataDir) {
        public Trainer {
            if (queueSize < 0 || queueSize > 100) {
                throw new IllegalArgumentException("trainer.queueSize must be 0..100, got " + queueSize);
            }
        }
    }

    /**
     * The evaluator reads the Fashion-MNIST test set from {@code trainer.dataDir} (its reference statistics).
     *
     * @param queueSize evaluation jobs that may wait behind the running one (a full queue answers CAPACITY)
     */
    public record Evaluator(int queueSize) {
        public Evaluator {
            if (queueSize < 0 || queueSize > 100) {
                throw new IllegalArgumentException("evaluator.queueSize must be 0..100, got " + queueSize);
            }
        }

        public static Evaluator defaults() {
            return new Evaluator(8);
        }
    }

    /** @param dir the registry folder ({@code models/} by default) */
    public record Registry(String dir) {
    }

    /**
     * @param maxMessageBytes   largest WebSocket text message accepted
     * @param maxSteps          most sampler steps per request
     * @param maxBatch          most images per request
     * @param maxJobsPerSocket  most concurrent jobs on one WebSocket
     * @param reconnectGraceMs  how long a job whose socket dropped keeps running, waiting for {@code resume}
     * @param maxJobsPerClient  most concurrent jobs of one client (its remote address) over all its connections
     */
    public record Limits(int maxMessageBytes, int maxSteps, int maxBatch, int maxJobsPerSocket,
            long reconnectGraceMs, int maxJobsPerClient) {
        public static final int DEFAULT_MAX_JOBS_PER_CLIENT = 16;

        @JsonCreator
        public Limits {
            if (maxJobsPerClient < 1) throw new IllegalArgumentException("limits.maxJobsPerClient must be >= 1");
            if (maxMessageBytes < 256) throw new IllegalArgumentException("limits.maxMessageBytes must be >= 256");
            if (maxSteps < 1 || maxSteps > 1000) throw new IllegalArgumentException("limits.maxSteps must be 1..1000");
            if (maxBatch < 1 || maxBatch > 256) throw new IllegalArgumentException("limits.maxBatch must be 1..256");
            if (maxJobsPerSocket < 1) throw new IllegalArgumentException("limits.maxJobsPerSocket must be >= 1");
            if (reconnectGraceMs < 0 || reconnectGraceMs > 600_000) {
                throw new IllegalArgumentException("limits.reconnectGraceMs must be 0..600000");
            }
        }

        public Limits(int maxMessageBytes, int maxSteps, int maxBatch, int maxJobsPerSocket, long reconnectGraceMs) {
            this(maxMessageBytes, maxSteps, maxBatch, maxJobsPerSocket, reconnectGraceMs, DEFAULT_MAX_JOBS_PER_CLIENT);
        }
    }

    /**
     * The clustered event bus (Hazelcast). Off by default: everything runs in one JVM on the local event bus.
     *
     * @param enabled           join a cluster
     * @param name              cluster name: nodes only join nodes of the same name
     * @param host              this node's event-bus address (the pod IP in Kubernetes); empty = Vert.x's choice
     * @param members           TCP-IP join: addresses of other members (host or host:port)
     * @param kubernetesService Kubernetes DNS discovery: the headless Service's DNS name (preferred in k8s)
     * @param eventBusPort      the event bus's TCP port (0 = any free port; fix it where network policies need to
     *                          name it, as in {@code k8s/})
     */
    public record Cluster(boolean enabled, String name, String host, List<String> members,
            String kubernetesService, int eventBusPort) {
        @JsonCreator
        public Cluster {
            members = List.copyOf(members);
            if (enabled && (name == null || name.isBlank())) {
                throw new IllegalArgumentException("cluster.name is required when cluster.enabled is true");
            }
            if (eventBusPort < 0 || eventBusPort > 65535) {
                throw new IllegalArgumentException("cluster.eventBusPort must be 0..65535, got " + eventBusPort);
            }
        }

        public Cluster(boolean enabled, String name, String host, List<String> members, String kubernetesService) {
            this(enabled, name, host, members, kubernetesService, 0);
        }
    }

    /**
     * The operations endpoints ({@code /metrics}, {@code /health/live}, {@code /health/ready}) of a node that runs
     * no gateway: samplers, trainers and evaluators serve them on this port. A gateway serves them on its main port.
     *
     * @param host bind address
     * @param port port (0 = any free port)
     */
    public record Ops(String host, int port) {
        public Ops {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("ops.port must be 0..65535, got " + port);
        }

        public static Ops defaults() {
            return new Ops("0.0.0.0", 9090);
        }
    }

    public static AppConfig defaults() {
        return new AppConfig(EnumSet.allOf(Role.class), new Http("0.0.0.0", 8080, "webapp"),
                new Sampler(256, List.of("fashion-cond")),
                new Trainer("runs", 4, "/usr/share/datasets/fashion-mnist"), Evaluator.defaults(), new Registry("models"),
                new Limits(16 * 1024, 1000, 64, 8, 30_000, Limits.DEFAULT_MAX_JOBS_PER_CLIENT),
                new Cluster(false, "guidestream", "", List.of(), ""), Ops.defaults());
    }

    /** Defaults, overlaid with {@code file} (if not null), overlaid with the environment. */
    public static AppConfig load(Path file, Map<String, String> env) throws IOException {
        ObjectNode tree = Json.MAPPER.valueToTree(defaults());
        if (file != null) merge(tree, Json.MAPPER.readTree(Files.readString(file)), "");
        applyEnv(tree, env);
        try {
            return Json.MAPPER.treeToValue(tree, AppConfig.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
        }
    }

    private static void merge(ObjectNode base, JsonNode overlay, String path) {
        if (!overlay.isObject()) throw new IllegalArgumentException("config " + path + " must be an object");
        overlay.fields().forEachRemaining(e -> {
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode current = base.get(e.getKey());
            if (current == null) throw new IllegalArgumentException("unknown config key '" + key + "'");
            if (current.isObject() && e.getValue().isObject()) merge((ObjectNode) current, e.getValue(), key);
            else base.set(e.getKey(), e.getValue());
        });
    }

    private static void applyEnv(ObjectNode tree, Map<String, String> env) {
        String roles = env.get("GUIDESTREAM_ROLES");
        if (roles != null) {
            var arr = tree.putArray("roles");
            for (String r : roles.split(",")) arr.add(r.trim().toUpperCase(Locale.ROOT));
        }
        ObjectNode cluster = (ObjectNode) tree.get("cluster");
        String clustered = env.get("GUIDESTREAM_CLUSTER");
        if (clustered != null) cluster.put("enabled", Boolean.parseBoolean(clustered.trim()));
        String host = env.get("GUIDESTREAM_CLUSTER_HOST");
        if (host != null) cluster.put("host", host.trim());
        String service = env.get("GUIDESTREAM_CLUSTER_SERVICE");
        if (service != null) cluster.put("kubernetesService", service.trim());
        String port = env.get("GUIDESTREAM_PORT");
        if (port != null) ((ObjectNode) tree.get("http")).put("port", Integer.parseInt(port.trim()));
        String data = env.get("GUIDESTREAM_DATA");
        if (data != null) ((ObjectNode) tree.get("trainer")).put("dataDir", data);
        String models = env.get("GUIDESTREAM_MODELS");
        if (models != null) ((ObjectNode) tree.get("registry")).put("dir", models);
        String device = env.get("GUIDESTREAM_SAMPLER_DEVICE");
        if (device != null) ((ObjectNode) tree.get("sampler")).put("device", device.trim());
        String opsPort = env.get("GUIDESTREAM_OPS_PORT");
        if (opsPort != null) ((ObjectNode) tree.get("ops")).put("port", Integer.parseInt(opsPort.trim()));
    }

    public boolean runs(Role role) {
        return roles.contains(role);
    }
}
