package io.guidestream.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Http;
import io.guidestream.TestConfig;
import io.guidestream.TestModels;
import io.guidestream.WsProbe;
import io.guidestream.app.Launcher;
import io.guidestream.config.Role;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sampler advertises the version it serves. When the registry's default is damaged it serves the previous version,
 * and says so: before, /api/models advertised the damaged default (v2) while every job ran on v1.
 */
class ServedVersionTest {
    @Test
    void aDamagedDefaultIsAdvertisedAsTheVersionThatServes(@TempDir Path dir) throws Exception {
        ModelRegistry registry = TestModels.registry(dir);
        ModelVersion v2 = TestModels.publish(registry, TestModels.COND, ModelRole.EPSILON, TestModels.tinyUNet(10),
                10, TestModels.CLASSIFIER, 5);
        byte[] bytes = Files.readAllBytes(v2.params());
        Files.write(v2.params(), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Vertx vertx = Vertx.vertx();
        try {
            Launcher.Running running = Launcher.start(vertx, TestConfig.of(EnumSet.of(Role.GATEWAY, Role.SAMPLER), dir,
                    dir.resolve("runs"), List.of(TestModels.COND))).toCompletionStage().toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            try (Http http = new Http(vertx, running.port()); WsProbe ws = WsProbe.connect(vertx, running.port())) {
                int advertised = -1;
                for (JsonNode m : http.get("/api/models").json().path("models")) {
                    if (m.path("name").asText().equals(TestModels.COND)) advertised = m.path("version").asInt();
                }
                assertEquals(1, advertised, "the version that serves, not the damaged default");
                ws.send("{\"type\":\"generate\",\"model\":\"tiny-cond\",\"label\":1,\"sampler\":{\"steps\":1}}");
                assertEquals(1, ws.nextText(30).path("modelVersion").asInt());
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
