package io.guidestream.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The whole configuration, one validated document built once at start ({@link ConfigLoader}): defaults, then a JSON
 * file ({@code --config FILE} or {@code GUIDESTREAM_CONFIG}), then environment variables, then a command's
 * {@code --models}, {@code --runs} and {@code --data} flags. Unknown keys are an error. Each role receives only its
 * own part ({@link #gateway()}, {@link #sampler()}, …); this package imports nothing else of the project.
 *
 * @param roles     which verticles this JVM runs
 * @param http      the gateway's server
 * @param sampler   the sampler
 * @param trainer   the trainer
 * @param evaluator the evaluator
 * @param registry  the model registry folder
 * @param data      the Fashion-MNIST folder, shared by the trainer and the evaluator
 * @param limits    request limits enforced at the edge
 * @param cluster   the clustered event bus (off: one JVM)
 * @param ops       the operations port of nodes without a gateway ({@code /metrics} and health probes)
 * @param security  access tokens, origins, and which nodes accept writes (docs/SECURITY.md)
 */
public record AppConfig(Set<Role> roles, HttpConfig http, SamplerConfig sampler, TrainerConfig trainer,
        EvaluatorConfig evaluator, RegistryConfig registry, DataConfig data, LimitsConfig limits,
        ClusterConfig cluster, OpsConfig ops, SecurityConfig security) {

    public AppConfig {
        roles = Set.copyOf(roles);
        if (roles.isEmpty()) throw new IllegalArgumentException("roles must name at least one role");
    }

    public AppConfig withHttp(HttpConfig newHttp) {
        return new AppConfig(roles, newHttp, sampler, trainer, evaluator, registry, data, limits, cluster, ops,
                security);
    }

    public AppConfig withSampler(SamplerConfig newSampler) {
        return new AppConfig(roles, http, newSampler, trainer, evaluator, registry, data, limits, cluster, ops,
                security);
    }

    public AppConfig withLimits(LimitsConfig newLimits) {
        return new AppConfig(roles, http, sampler, trainer, evaluator, registry, data, newLimits, cluster, ops,
                security);
    }

    public AppConfig withCluster(ClusterConfig newCluster) {
        return new AppConfig(roles, http, sampler, trainer, evaluator, registry, data, limits, newCluster, ops,
                security);
    }

    public AppConfig withSecurity(SecurityConfig newSecurity) {
        return new AppConfig(roles, http, sampler, trainer, evaluator, registry, data, limits, cluster, ops,
                newSecurity);
    }

    /** Whether this node is a gateway and nothing else (it never loads PyTorch; writes are off unless enabled). */
    public boolean gatewayOnly() {
        return roles.equals(Set.of(Role.GATEWAY));
    }

    /** The gateway's part. */
    public GatewayConfig gateway() {
        return new GatewayConfig(http, limits, security, gatewayOnly());
    }

    public boolean runs(Role role) {
        return roles.contains(role);
    }

    public static AppConfig defaults() {
        return new AppConfig(EnumSet.allOf(Role.class), HttpConfig.defaults(),
                new SamplerConfig(256, java.util.List.of("fashion-cond"), DeviceChoice.AUTO,
                        SamplerConfig.DEFAULT_LANE_ITEMS), TrainerConfig.defaults(),
                EvaluatorConfig.defaults(), new RegistryConfig("models"), DataConfig.defaults(),
                LimitsConfig.defaults(), ClusterConfig.defaults(), OpsConfig.defaults(), SecurityConfig.defaults());
    }

    /** Defaults, overlaid with {@code file} (if not null), overlaid with the environment (see {@link ConfigLoader}). */
    public static AppConfig load(Path file, Map<String, String> env) throws IOException {
        return ConfigLoader.load(file, env, Map.of());
    }
}
