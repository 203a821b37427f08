package io.guidestream.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.guidestream.json.Json;
import java.io.IOException;
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
 * @param security  access tokens, origins, and which nodes accept writes (docs/SECURITY.md)
 */
public record AppConfig(Set<Role> roles, Http http, Sampler sampler, Trainer trainer, Evaluator evaluator,
        Registry registry, Limits limits, Cluster cluster, Ops ops, Security security) {

    public AppConfig {
        roles = Set.copyOf(roles);
        if (roles.isEmpty()) throw new IllegalArgumentException("roles must name at least one role");
    }

    public AppConfig withRoles(Set<Role> newRoles) {
        return new AppConfig(newRoles, http, sampler, trainer, evaluator, registry, limits, cluster, ops, security);
    }

    public AppConfig withHttp(Http newHttp) {
        return new AppConfig(roles, newHttp, sampler, trainer, evaluator, registry, limits, cluster, ops, security);
    }

    public AppConfig withSampler(Sampler newSampler) {
        return new AppConfig(roles, http, newSampler, trainer, evaluator, registry, limits, cluster, ops, security);
    }

    public AppConfig withLimits(Limits newLimits) {
        return new AppConfig(roles, http, sampler, trainer, evaluator, registry, newLimits, cluster, ops, security);
    }

    public AppConfig withCluster(Cluster newCluster) {
        return new AppConfig(roles, http, sampler, trainer, evaluator, registry, limits, newCluster, ops, security);
    }

    public AppConfig withSecurity(Security newSecurity) {
        return new AppConfig(roles, http, sampler, trainer, evaluator, registry, limits, cluster, ops, newSecurity);
    }

    /** Whether this node is a gateway and nothing else (writes are off there unless enabled). */
    public boolean gatewayOnly() {
        return roles.equals(Set.of(Role.GATEWAY));
    }

    /**
     * @param host                  bind address
     * @param port                  HTTP port (0 = any free port)
     * @param webRoot               folder of the web app
     * @param trustForwardedHeaders   take the client address from {@code X-Forwarded-For} (only behind a proxy that
     *                                sets it, such as the Kubernetes Ingress; otherwise clients could pick their own)
     * @param maxConnectionsPerClient most open connections of one client address (behind a trusted proxy, whose
     *                                address all connections share: most WebSockets of one forwarded client)
     * @param idleTimeoutMs           a connection that sends nothing for this long is closed (WebSockets are pinged
     *                                three times as often, so a live client's pong keeps them open)
     * @param headersTimeoutMs        a request's headers must be complete this long after its connection opened (or,
     *                                talking to clients directly, after the previous response on it ended)
     * @param bodyTimeoutMs           a request's body must be complete this long after its headers
     * @param maxBodyBytes            largest REST request body; a larger declared Content-Length is refused at once
     * @param maxUploadBytes          largest model upload ({@code POST /api/models/{name}/versions}), held in memory
     *                                until it is whole
     * @param uploadTimeoutMs         a model upload's body must be complete this long after its headers
     */
    public record Http(String host, int port, String webRoot, boolean trustForwardedHeaders,
            int maxConnectionsPerClient, long idleTimeoutMs, long headersTimeoutMs, long bodyTimeoutMs,
            int maxBodyBytes, int maxUploadBytes, long uploadTimeoutMs) {
        public Http {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("http.port must be 0..65535, got " + port);
            if (maxConnectionsPerClient < 1) throw new IllegalArgumentException("http.maxConnectionsPerClient must be >= 1");
            requireMs("http.idleTimeoutMs", idleTimeoutMs);
            requireMs("http.headersTimeoutMs", headersTimeoutMs);
            requireMs("http.bodyTimeoutMs", bodyTimeoutMs);
            requireMs("http.uploadTimeoutMs", uploadTimeoutMs);
            if (maxBodyBytes < 1024 || maxBodyBytes > 16 << 20) {
                throw new IllegalArgumentException("http.maxBodyBytes must be 1024..16777216, got " + maxBodyBytes);
            }
            if (maxUploadBytes < 1024 || maxUploadBytes > 1 << 30) {
                throw new IllegalArgumentException("http.maxUploadBytes must be 1024..1073741824, got "
                        + maxUploadBytes);
            }
        }

        private static void requireMs(String key, long ms) {
            if (ms < 100 || ms > 3_600_000) throw new IllegalArgumentException(key + " must be 100..3600000, got " + ms);
        }

        public static Http defaults() {
            return new Http("0.0.0.0", 8080, "webapp", false, 32, 90_000, 10_000, 30_000, 64 * 1024, 256 << 20,
                    600_000);
        }

        public Http withAddress(String newHost, int newPort) {
            return new Http(newHost, newPort, webRoot, trustForwardedHeaders, maxConnectionsPerClient, idleTimeoutMs,
                    headersTimeoutMs, bodyTimeoutMs, maxBodyBytes, maxUploadBytes, uploadTimeoutMs);
        }

        public Http withTrustForwardedHeaders(boolean trust) {
            return new Http(host, port, webRoot, trust, maxConnectionsPerClient, idleTimeoutMs, headersTimeoutMs,
                    bodyTimeoutMs, maxBodyBytes, maxUploadBytes, uploadTimeoutMs);
        }

        public Http withMaxConnectionsPerClient(int n) {
            return new Http(host, port, webRoot, trustForwardedHeaders, n, idleTimeoutMs, headersTimeoutMs,
                    bodyTimeoutMs, maxBodyBytes, maxUploadBytes, uploadTimeoutMs);
        }

        public Http withTimeouts(long idleMs, long headersMs, long bodyMs) {
            return new Http(host, port, webRoot, trustForwardedHeaders, maxConnectionsPerClient, idleMs, headersMs,
                    bodyMs, maxBodyBytes, maxUploadBytes, uploadTimeoutMs);
        }

        public Http withMaxUploadBytes(int bytes) {
            return new Http(host, port, webRoot, trustForwardedHeaders, maxConnectionsPerClient, idleTimeoutMs,
                    headersTimeoutMs, bodyTimeoutMs, maxBodyBytes, bytes, uploadTimeoutMs);
        }
    }

    /**
     * @param capacity   most trajectory items in flight at once (admission beyond it is refused with CAPACITY)
     * @param warmModels models loaded and run once before the sampler reports ready
     * @param device     where the networks run: {@code auto} (a GPU if the engine sees one, else the CPU),
     *                   {@code cpu}, or {@code gpu} (start fails when there is none)
     */
    public record Sampler(int capacity, List<String> warmModels, DeviceChoice device) {
        public Sampler {
            warmModels = List.copyOf(warmModels);
            if (capacity < 1 || capacity > 4096) {
                throw new IllegalArgumentException("sampler.capacity must be 1..4096, got " + capacity);
            }
            if (device == null) throw new IllegalArgumentException("sampler.device must be auto, cpu or gpu");
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
     * @param maxMessageBytes     largest WebSocket text message accepted
     * @param maxSteps            most sampler steps per request
     * @param maxBatch            most images per request
     * @param maxJobsPerSocket    most concurrent jobs on one WebSocket
     * @param reconnectGraceMs    how long a resumable job whose socket dropped keeps running, waiting for {@code resume}
     * @param maxJobsPerClient    most concurrent jobs of one client (its remote address) over all its connections
     * @param requestsPerSecond   sustained requests (WebSocket messages and REST writes) per client; twice as many
     *                            may come in a burst
     * @param slowClientTimeoutMs a socket whose send queue stays full this long is closed (its previews are already
     *                            being dropped; this bounds what a client that never reads can hold)
     */
    public record Limits(int maxMessageBytes, int maxSteps, int maxBatch, int maxJobsPerSocket,
            long reconnectGraceMs, int maxJobsPerClient, double requestsPerSecond, long slowClientTimeoutMs) {
        public Limits {
            if (maxMessageBytes < 256) throw new IllegalArgumentException("limits.maxMessageBytes must be >= 256");
            if (maxSteps < 1 || maxSteps > 1000) throw new IllegalArgumentException("limits.maxSteps must be 1..1000");
            if (maxBatch < 1 || maxBatch > 256) throw new IllegalArgumentException("limits.maxBatch must be 1..256");
            if (maxJobsPerSocket < 1) throw new IllegalArgumentException("limits.maxJobsPerSocket must be >= 1");
            if (reconnectGraceMs < 0 || reconnectGraceMs > 600_000) {
                throw new IllegalArgumentException("limits.reconnectGraceMs must be 0..600000");
            }
            if (maxJobsPerClient < 1) throw new IllegalArgumentException("limits.maxJobsPerClient must be >= 1");
            if (!(requestsPerSecond > 0 && requestsPerSecond <= 10_000)) {
                throw new IllegalArgumentException("limits.requestsPerSecond must be in (0, 10000]");
            }
            if (slowClientTimeoutMs < 100 || slowClientTimeoutMs > 600_000) {
                throw new IllegalArgumentException("limits.slowClientTimeoutMs must be 100..600000");
            }
        }

        public static Limits defaults() {
            return new Limits(16 * 1024, 1000, 64, 8, 30_000, 16, 20, 30_000);
        }

        public Limits withReconnectGraceMs(long ms) {
            return new Limits(maxMessageBytes, maxSteps, maxBatch, maxJobsPerSocket, ms, maxJobsPerClient,
                    requestsPerSecond, slowClientTimeoutMs);
        }

        public Limits withMaxJobsPerClient(int n) {
            return new Limits(maxMessageBytes, maxSteps, maxBatch, maxJobsPerSocket, reconnectGraceMs, n,
                    requestsPerSecond, slowClientTimeoutMs);
        }

        public Limits withRequestsPerSecond(double rate) {
            return new Limits(maxMessageBytes, maxSteps, maxBatch, maxJobsPerSocket, reconnectGraceMs,
                    maxJobsPerClient, rate, slowClientTimeoutMs);
        }

        public Limits withSlowClientTimeoutMs(long ms) {
            return new Limits(maxMessageBytes, maxSteps, maxBatch, maxJobsPerSocket, reconnectGraceMs,
                    maxJobsPerClient, requestsPerSecond, ms);
        }
    }

    /**
     * Access control (docs/SECURITY.md).
     *
     * @param token          when not empty, writes (training, evaluation, cancelling them, registry defaults) need it
     *                       as {@code Authorization: Bearer <token>} or, for browsers, {@code ?access_token=<token>}
     * @param protectReads   also require the token for generation, job progress and the model list
     * @param allowedOrigins origins (scheme://host:port) whose pages may write and open WebSockets besides the
     *                       gateway's own
     * @param gatewayWrites  accept writes on a gateway-only node (off by default: in a cluster, enable it on purpose)
     * @param allowedHosts   host names this service answers to besides {@code localhost} and IP addresses (the
     *                       Ingress host in Kubernetes); any other {@code Host} is refused, which defeats DNS rebinding
     */
    public record Security(String token, boolean protectReads, List<String> allowedOrigins, boolean gatewayWrites,
            List<String> allowedHosts) {
        public Security {
            allowedOrigins = List.copyOf(allowedOrigins);
            allowedHosts = List.copyOf(allowedHosts);
            if (token == null) throw new IllegalArgumentException("security.token must be a string (empty: off)");
            if (protectReads && token.isEmpty()) {
                throw new IllegalArgumentException("security.protectReads needs a security.token");
            }
        }

        public static Security defaults() {
            return new Security("", false, List.of(), false, List.of());
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
        public Cluster {
            members = List.copyOf(members);
            if (enabled && (name == null || name.isBlank())) {
                throw new IllegalArgumentException("cluster.name is required when cluster.enabled is true");
            }
            if (eventBusPort < 0 || eventBusPort > 65535) {
                throw new IllegalArgumentException("cluster.eventBusPort must be 0..65535, got " + eventBusPort);
            }
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
        return new AppConfig(EnumSet.allOf(Role.class), Http.defaults(),
                new Sampler(256, List.of("fashion-cond"), DeviceChoice.AUTO),
                new Trainer("runs", 4, "/usr/share/datasets/fashion-mnist"), Evaluator.defaults(), new Registry("models"),
                Limits.defaults(), new Cluster(false, "guidestream", "", List.of(), "", 0), Ops.defaults(),
                Security.defaults());
    }

    /** Defaults, overlaid with {@code file} (if not null), overlaid with the environment (see {@link ConfigLoader}). */
    public static AppConfig load(Path file, Map<String, String> env) throws IOException {
        return ConfigLoader.load(file, env);
    }

    public boolean runs(Role role) {
        return roles.contains(role);
    }
}
