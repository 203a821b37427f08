package io.guidestream.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.guidestream.config.AppConfig;
import io.guidestream.config.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parses every manifest under {@code k8s/} and checks what matters for the service to work there: probes on the
 * right paths and ports, resources, the cluster environment (pod IP through the Downward API, the headless Service's
 * DNS name), the headless Service, the Ingress's WebSocket timeouts and affinity, the HPA's target, the registry
 * volume, the network policies that fence the cluster off, and that the ConfigMap with each Deployment's environment
 * is a valid {@link AppConfig}.
 */
class KubernetesManifestsTest {
    private static final Path K8S = Path.of("k8s");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final List<Manifest> ALL = new ArrayList<>();
    private static String configJson;
    private static String namespace;

    /** One object and the file it came from. */
    record Manifest(Path file, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }
    }

    @BeforeAll
    static void parse() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (var docs = YAML.readValues(YAML.createParser(f.toFile()), JsonNode.class)) {
                    while (docs.hasNext()) {
                        JsonNode doc = docs.next();
                        if (!doc.has("$patch")) ALL.add(new Manifest(f, doc)); // kustomize patches are not objects
                    }
                }
            }
        }
        configJson = one("ConfigMap", "guidestream-config").node().path("data").path("config.json").asText();
        namespace = YAML.readTree(K8S.resolve("base/kustomization.yaml").toFile()).path("namespace").asText();
        assertFalse(namespace.isEmpty(), "the base sets a namespace");
    }

    private static List<Manifest> all(String kind) {
        return ALL.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    private static Manifest one(String kind, String name) {
        return all(kind).stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " under k8s/"));
    }

    private static JsonNode mainContainer(Manifest deployment) {
        JsonNode containers = deployment.node().at("/spec/template/spec/containers");
        assertEquals(1, containers.size(), deployment.name());
        return containers.get(0);
    }

    private static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> out = new HashMap<>();
        container.path("env").forEach(e -> out.put(e.path("name").asText(), e));
        return out;
    }

    private static int containerPort(JsonNode container, String name) {
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(name)) return p.path("containerPort").asInt();
        }
        throw new AssertionError("no container port named " + name + " in " + container.path("name"));
    }

    @Test
    void everyDeploymentProbesResourcesAndClusterEnvironment(@TempDir Path dir) throws Exception {
        AppConfig base = AppConfig.load(Files.writeString(dir.resolve("c.json"), configJson), Map.of());
        String headless = one("Service", "guidestream-cluster").name() + "." + namespace + ".svc.cluster.local";
        assertEquals(5, all("Deployment").size(), "gateway, sampler, GPU sampler, trainer, evaluator");
        for (Manifest d : all("Deployment")) {
            JsonNode c = mainContainer(d);
            Map<String, JsonNode> env = env(c);
            String role = env.get("GUIDESTREAM_ROLES").path("value").asText();
            assertEquals(d.node().at("/spec/template/metadata/labels/app.kubernetes.io~1component").asText(), role);
            String port = role.equals("gateway") ? "http" : "ops";
            int expectedPort = role.equals("gateway") ? base.http().port() : base.ops().port();
            assertEquals(expectedPort, containerPort(c, port), d.name());
            assertProbe(c, "readinessProbe", "/health/ready", port, d);
            assertProbe(c, "livenessProbe", "/health/live", port, d);
            for (String r : List.of("requests/cpu", "requests/memory", "limits/memory")) {
                assertFalse(c.at("/resources/" + r).asText().isEmpty(), d.name() + " sets resources." + r);
            }
            assertEquals("true", env.get("GUIDESTREAM_CLUSTER").path("value").asText(), d.name());
            assertEquals("status.podIP", env.get("GUIDESTREAM_CLUSTER_HOST").at("/valueFrom/fieldRef/fieldPath")
                    .asText(), d.name() + ": the event-bus host is the pod IP (Downward API)");
            assertEquals(headless, env.get("GUIDESTREAM_CLUSTER_SERVICE").path("value").asText(), d.name());
            assertEquals(5701, containerPort(c, "hazelcast"));
            assertEquals(base.cluster().eventBusPort(), containerPort(c, "eventbus"));
            assertEquals("true", d.node().at("/spec/template/metadata/labels/guidestream.io~1cluster-member")
                    .asText(), d.name() + " is selected by the headless Service");
            assertConfigMounted(d, c, env.get("GUIDESTREAM_CONFIG").path("value").asText());
            if (role.equals("gateway") && base.security().gatewayWrites()) {
                assertEquals("guidestream-token", env.get("GUIDESTREAM_TOKEN").at("/valueFrom/secretKeyRef/name")
                        .asText(), "gateways that accept writes take the access token from a Secret");
            }
            assertTheAppConfigLoads(dir, d, env, role);
        }
    }

    private static void assertProbe(JsonNode container, String probe, String path, String port, Manifest d) {
        JsonNode get = container.path(probe).path("httpGet");
        assertEquals(path, get.path("path").asText(), d.name() + " " + probe);
        assertEquals(port, get.path("port").asText(), d.name() + " " + probe);
    }

    /** GUIDESTREAM_CONFIG names config.json in the ConfigMap's volume. */
    private static void assertConfigMounted(Manifest d, JsonNode container, String configPath) {
        String volume = null;
        for (JsonNode v : d.node().at("/spec/template/spec/volumes")) {
            if (v.at("/configMap/name").asText().equals("guidestream-config")) volume = v.path("name").asText();
        }
        assertNotNull(volume, d.name() + " mounts the ConfigMap");
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("name").asText().equals(volume)) {
                assertEquals(m.path("mountPath").asText() + "/config.json", configPath, d.name());
                return;
            }
        }
        throw new AssertionError(d.name() + " does not mount volume " + volume);
    }

    /** The ConfigMap plus the Deployment's environment is a valid configuration for the intended role. */
    private static void assertTheAppConfigLoads(Path dir, Manifest d, Map<String, JsonNode> env, String role)
            throws Exception {
        Map<String, String> vars = new HashMap<>();
        env.forEach((k, v) -> vars.put(k, v.has("value") ? v.path("value").asText() : "10.1.2.3"));
        AppConfig c = AppConfig.load(Files.writeString(dir.resolve(d.name() + ".json"), configJson), vars);
        assertEquals(Set.of(Role.valueOf(role.toUpperCase(java.util.Locale.ROOT))), c.roles(), d.name());
        assertTrue(c.cluster().enabled() && c.cluster().members().isEmpty(), d.name() + " joins by DNS discovery");
        assertEquals("10.1.2.3", c.cluster().host());
        assertTrue(c.http().trustForwardedHeaders(), "behind the Ingress, clients are told apart by X-Forwarded-For");
    }

    @Test
    void samplersMountTheRegistryReadOnlyAndWritersReadWrite() throws Exception {
        String registry = YAML.readTree(configJson).at("/registry/dir").asText();
        for (Manifest d : all("Deployment")) {
            JsonNode c = mainContainer(d);
            String role = env(c).get("GUIDESTREAM_ROLES").path("value").asText();
            if (role.equals("gateway")) continue;
            JsonNode mount = null;
            for (JsonNode m : c.path("volumeMounts")) if (m.path("name").asText().equals("models")) mount = m;
            assertNotNull(mount, d.name() + " mounts the registry");
            assertEquals(registry, mount.path("mountPath").asText(), d.name() + " mounts it at registry.dir");
            assertEquals(role.equals("sampler"), mount.path("readOnly").asBoolean(false), d.name());
        }
        JsonNode pvc = one("PersistentVolumeClaim", "guidestream-models").node();
        assertTrue(pvc.at("/spec/accessModes").toString().contains("ReadWriteMany"), pvc.toString());
    }

    @Test
    void theGpuSamplerAsksForAGpuAndRunsOnIt() {
        Manifest d = one("Deployment", "guidestream-sampler-gpu");
        JsonNode c = mainContainer(d);
        assertEquals(1, c.at("/resources/limits/nvidia.com~1gpu").asInt(), "one GPU per pod");
        assertFalse(d.node().at("/spec/template/spec/nodeSelector").isEmpty());
        assertTrue(d.node().at("/spec/template/spec/tolerations").toString().contains("nvidia.com/gpu"));
        Map<String, JsonNode> env = env(c);
        assertEquals("gpu", env.get("GUIDESTREAM_SAMPLER_DEVICE").path("value").asText());
        assertEquals("2.7.1", env.get("PYTORCH_VERSION").path("value").asText());
        assertEquals("cu128", env.get("PYTORCH_FLAVOR").path("value").asText());
        assertFalse(env.get("PYTORCH_LIBRARY_PATH").path("value").asText().isEmpty());
        assertEquals("cpu", env(mainContainer(one("Deployment", "guidestream-sampler")))
                .get("GUIDESTREAM_SAMPLER_DEVICE").path("value").asText());
    }

    @Test
    void theHeadlessServiceFindsEveryMemberEvenBeforeItIsReady() {
        JsonNode spec = one("Service", "guidestream-cluster").node().path("spec");
        assertEquals("None", spec.path("clusterIP").asText());
        assertTrue(spec.path("publishNotReadyAddresses").asBoolean());
        assertTrue(spec.path("ports").findValuesAsText("port").contains("5701"), spec.toString());
        assertEquals("true", spec.at("/selector/guidestream.io~1cluster-member").asText());
    }

    @Test
    void theIngressKeepsWebSocketsOpenAndClientsOnTheirGateway() {
        JsonNode ingress = one("Ingress", "guidestream").node();
        JsonNode a = ingress.at("/metadata/annotations");
        for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
            int seconds = Integer.parseInt(a.path("nginx.ingress.kubernetes.io/" + timeout).asText("0"));
            assertTrue(seconds >= 3600, timeout + " = " + seconds);
        }
        assertEquals("cookie", a.path("nginx.ingress.kubernetes.io/affinity").asText());
        String backend = ingress.at("/spec/rules/0/http/paths/0/backend/service/name").asText();
        JsonNode service = one("Service", backend).node();
        assertEquals("ClientIP", service.at("/spec/sessionAffinity").asText());
        assertEquals("gateway", service.at("/spec/selector/app.kubernetes.io~1component").asText());
        assertEquals("http", service.at("/spec/ports/0/targetPort").asText());
    }

    @Test
    void theHpaScalesTheSamplersOnMetricsTheAdapterServes() throws IOException {
        Manifest hpa = one("HorizontalPodAutoscaler", "guidestream-sampler");
        JsonNode target = hpa.node().at("/spec/scaleTargetRef");
        assertEquals("Deployment", target.path("kind").asText());
        Manifest sampler = one("Deployment", target.path("name").asText());
        assertEquals("sampler", env(mainContainer(sampler)).get("GUIDESTREAM_ROLES").path("value").asText());
        String adapter = Files.readString(K8S.resolve("monitoring/prometheus-adapter-values.yaml"));
        for (JsonNode m : hpa.node().at("/spec/metrics")) {
            String name = m.at("/pods/metric/name").asText();
            assertTrue(name.startsWith("guidestream_"), m.toString());
            assertTrue(adapter.contains("as: " + name), "the adapter serves " + name);
        }
        String gpuPatch = Files.readString(K8S.resolve("gpu/kustomization.yaml"));
        assertTrue(gpuPatch.contains("value: guidestream-sampler-gpu"), "the GPU overlay retargets the HPA");
    }

    /**
     * The cluster fence (docs/SECURITY.md): ingress is denied by default, the Hazelcast and event-bus ports are open to
     * cluster members only, a gateway's HTTP port to the ingress controller and Prometheus, the other pods' ops port
     * to Prometheus, and nothing else to anyone.
     */
    @Test
    void networkPoliciesLetOnlyClusterMembersReachTheClusterPorts() {
        List<JsonNode> policies = all("NetworkPolicy").stream().map(Manifest::node).toList();
        assertTrue(policies.stream().anyMatch(p -> p.at("/spec/podSelector").isEmpty()
                && p.at("/spec/policyTypes").toString().contains("Ingress") && p.at("/spec/ingress").isMissingNode()),
                "a policy denies all ingress to the namespace's pods");
        for (Manifest d : all("Deployment")) {
            JsonNode labels = d.node().at("/spec/template/metadata/labels");
            boolean gateway = labels.path("app.kubernetes.io/component").asText().equals("gateway");
            Map<String, Set<String>> expected = new HashMap<>();
            expected.put("hazelcast", Set.of("members"));
            expected.put("eventbus", Set.of("members"));
            if (gateway) expected.put("http", Set.of("namespace ingress-nginx", "namespace monitoring"));
            else expected.put("ops", Set.of("namespace monitoring"));
            assertEquals(expected, allowedIngress(policies, labels), d.name());
        }
    }

    /** Port name → who may connect, over the policies that select a pod with these labels. */
    private static Map<String, Set<String>> allowedIngress(List<JsonNode> policies, JsonNode podLabels) {
        Map<String, Set<String>> out = new HashMap<>();
        for (JsonNode p : policies) {
            if (!selects(p.at("/spec/podSelector"), podLabels)) continue;
            for (JsonNode rule : p.at("/spec/ingress")) {
                List<String> from = new ArrayList<>();
                rule.path("from").forEach(peer -> from.add(describePeer(peer)));
                if (from.isEmpty()) from.add("anyone");
                List<String> ports = new ArrayList<>();
                rule.path("ports").forEach(port -> ports.add(port.path("port").asText()));
                if (ports.isEmpty()) ports.add("every port");
                for (String port : ports) out.computeIfAbsent(port, k -> new java.util.TreeSet<>()).addAll(from);
            }
        }
        return out;
    }

    private static String describePeer(JsonNode peer) {
        if (peer.size() == 1 && peer.at("/podSelector/matchLabels").size() == 1
                && peer.at("/podSelector/matchLabels/guidestream.io~1cluster-member").asText().equals("true")) {
            return "members";
        }
        JsonNode ns = peer.at("/namespaceSelector/matchLabels/kubernetes.io~1metadata.name");
        if (peer.size() == 1 && peer.at("/namespaceSelector").size() == 1 && !ns.isMissingNode()) {
            return "namespace " + ns.asText();
        }
        return peer.toString();
    }

    /** Whether a label selector (matchLabels, matchExpressions with In) selects these labels. */
    private static boolean selects(JsonNode selector, JsonNode labels) {
        var matchLabels = selector.path("matchLabels").fields();
        while (matchLabels.hasNext()) {
            var e = matchLabels.next();
            if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) return false;
        }
        for (JsonNode expr : selector.path("matchExpressions")) {
            assertEquals("In", expr.path("operator").asText(), "only In is evaluated here");
            List<String> values = new ArrayList<>();
            expr.path("values").forEach(v -> values.add(v.asText()));
            if (!values.contains(labels.path(expr.path("key").asText()).asText(null))) return false;
        }
        return true;
    }

    @Test
    void kustomizationsListEveryManifestAndNothingMissing() throws IOException {
        for (String k : List.of("kustomization.yaml", "base/kustomization.yaml", "gpu/kustomization.yaml")) {
            Path file = K8S.resolve(k);
            Path folder = file.getParent();
            for (JsonNode r : YAML.readTree(file.toFile()).path("resources")) {
                assertTrue(Files.exists(folder.resolve(r.asText())), k + " lists " + r.asText());
            }
        }
        List<String> listed = new ArrayList<>();
        YAML.readTree(K8S.resolve("base/kustomization.yaml").toFile()).path("resources")
                .forEach(r -> listed.add(r.asText()));
        try (Stream<Path> files = Files.list(K8S.resolve("base"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                String name = f.getFileName().toString();
                if (!name.equals("kustomization.yaml")) assertTrue(listed.contains(name), name + " is not applied");
            }
        }
    }

    /** Gateways refuse any Host they are not told about (DNS rebinding): the Ingress's must be among them. */
    @Test
    void theGatewaysAnswerToTheIngressHost(@TempDir Path dir) throws Exception {
        AppConfig c = AppConfig.load(Files.writeString(dir.resolve("config.json"), configJson), Map.of());
        for (JsonNode rule : one("Ingress", "guidestream").node().at("/spec/rules")) {
            assertTrue(c.security().allowedHosts().contains(rule.path("host").asText()), rule.toString());
        }
    }
}
