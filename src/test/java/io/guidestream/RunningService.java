package io.guidestream;

import io.guidestream.app.Cluster;
import io.guidestream.app.Launcher;
import io.guidestream.config.AppConfig;
import io.guidestream.config.LimitsConfig;
import io.guidestream.config.Role;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The service, started in-process once for a test class and closed after its last test. Register it in a static
 * field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RunningService service = RunningService.builder().roles(Role.GATEWAY, Role.SAMPLER).build();
 * }</pre>
 *
 * It makes a temporary folder with a registry ({@code models()}, the tiny models of {@link TestModels} unless
 * {@link Builder#models} says otherwise) and a runs folder ({@code runs()}), starts {@link Launcher#start} on a fresh
 * Vert.x with {@link TestConfig#of}, and afterwards closes that Vert.x and deletes the folder.
 */
public final class RunningService implements BeforeAllCallback, AfterAllCallback {
    /** Prepares the registry folder before the service starts. */
    @FunctionalInterface
    public interface ModelSetup {
        void prepare(Path models) throws Exception;
    }

    private final Set<Role> roles;
    private final LimitsConfig limits;
    private final List<String> warm;
    private final ModelSetup models;
    private final UnaryOperator<AppConfig> adjust;
    private final boolean vertxMetrics;
    private Path dir;
    private Vertx vertx;
    private Launcher.Running running;

    private RunningService(Builder b) {
        this.roles = b.roles;
        this.limits = b.limits;
        this.warm = b.warm;
        this.models = b.models;
        this.adjust = b.adjust;
        this.vertxMetrics = b.vertxMetrics;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("guidestream-service");
        Path modelsDir = Files.createDirectories(models());
        models.prepare(modelsDir);
        AppConfig config = adjust.apply(TestConfig.of(roles, modelsDir, runs(), warm, limits));
        PrometheusMeterRegistry registry = Cluster.newRegistry();
        vertx = vertxMetrics ? await(Cluster.create(config.cluster(), registry), 30) : Vertx.vertx();
        running = await(Launcher.start(vertx, config, registry), 60);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (vertx != null) await(vertx.close(), 30); // what Running.stop does, and also after a failed start
        } finally {
            vertx = null;
            running = null;
            deleteTree(dir);
        }
    }

    /** The running service: its gateway, sampler, meters. */
    public Launcher.Running running() {
        return running;
    }

    public Vertx vertx() {
        return running.vertx();
    }

    /** The gateway's HTTP port. */
    public int port() {
        return running.port();
    }

    /** The registry folder. */
    public Path models() {
        return dir.resolve("models");
    }

    /** The trainer's and evaluator's runs folder. */
    public Path runs() {
        return dir.resolve("runs");
    }

    /** The temporary folder that holds {@link #models()} and {@link #runs()}, for a test's own files. */
    public Path dir() {
        return dir;
    }

    private static <T> T await(Future<T> future, int seconds) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** What to start: by default a gateway and a sampler over the tiny models, warming {@link TestModels#COND}. */
    public static final class Builder {
        private Set<Role> roles = EnumSet.of(Role.GATEWAY, Role.SAMPLER);
        private LimitsConfig limits = AppConfig.defaults().limits();
        private List<String> warm = List.of(TestModels.COND);
        private ModelSetup models = TestModels::registry;
        private UnaryOperator<AppConfig> adjust = UnaryOperator.identity();
        private boolean vertxMetrics;

        private Builder() {
        }

        public Builder roles(Role first, Role... rest) {
            this.roles = EnumSet.of(first, rest);
            return this;
        }

        public Builder limits(LimitsConfig limits) {
            this.limits = limits;
            return this;
        }

        /** The models the sampler loads at start. */
        public Builder warm(String... models) {
            this.warm = List.of(models);
            return this;
        }

        /** How to fill the registry folder (default: {@link TestModels#registry}). */
        public Builder models(ModelSetup models) {
            this.models = models;
            return this;
        }

        /** A change to the configuration that {@link TestConfig#of} builds (HTTP, security, …). */
        public Builder config(UnaryOperator<AppConfig> adjust) {
            this.adjust = adjust;
            return this;
        }

        /** Vert.x made by {@link Cluster#create}, so that its own meters land in the service's registry. */
        public Builder vertxMetrics() {
            this.vertxMetrics = true;
            return this;
        }

        public RunningService build() {
            return new RunningService(this);
        }
    }
}
