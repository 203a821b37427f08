package io.guidestream.client;

import io.guidestream.TestConfig;
import io.guidestream.TestModels;
import io.guidestream.app.Launcher;
import io.guidestream.config.LimitsConfig;
import io.guidestream.config.Role;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real service (gateway + sampler) on a free port with the tiny random models, for client tests in Java and
 * Kotlin. Its Vert.x is separate from the clients', as a remote server's would be.
 */
public final class TestServer implements AutoCloseable {
    private final Path dir;
    private final Vertx vertx;
    private final Launcher.Running running;

    private TestServer(Path dir, Vertx vertx, Launcher.Running running) {
        this.dir = dir;
        this.vertx = vertx;
        this.running = running;
    }

    /** Starts a server whose dropped jobs wait {@code graceMs} for a resume. */
    public static TestServer start(long graceMs) {
        try {
            Path dir = Files.createTempDirectory("guidestream-client-test");
            TestModels.registry(dir);
            LimitsConfig limits = LimitsConfig.defaults().withReconnectGraceMs(graceMs);
            Vertx vertx = Vertx.vertx();
            Launcher.Running running = Launcher.start(vertx, TestConfig.of(EnumSet.of(Role.GATEWAY, Role.SAMPLER),
                    dir, dir.resolve("runs"), List.of(TestModels.COND), limits))
                    .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
            return new TestServer(dir, vertx, running);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("the test server did not start", e);
        }
    }

    public static TestServer start() {
        return start(30_000);
    }

    public URI uri() {
        return URI.create("ws://127.0.0.1:" + running.port());
    }

    public int port() {
        return running.port();
    }

    /** The tiny conditional model's name. */
    public String model() {
        return TestModels.COND;
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
