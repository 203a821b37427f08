package io.guidestream.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Http;
import io.guidestream.RunningService;
import io.guidestream.TestModels;
import io.guidestream.WsProbe;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sampler advertises the version it serves. When the registry's default is damaged it serves the previous version,
 * and says so: before, /api/models advertised the damaged default (v2) while every job ran on v1.
 */
class ServedVersionTest {
    @RegisterExtension
    static final RunningService service = RunningService.builder()
            .models(ServedVersionTest::damagedDefault)
            .build();

    /** The tiny models, and a v2 of {@link TestModels#COND} whose parameters are cut in half. */
    private static void damagedDefault(Path dir) throws Exception {
        ModelRegistry registry = TestModels.registry(dir);
        ModelVersion v2 = TestModels.publish(registry, TestModels.COND, ModelRole.EPSILON, TestModels.tinyUNet(10),
                10, TestModels.CLASSIFIER, 5);
        byte[] bytes = Files.readAllBytes(v2.params());
        Files.write(v2.params(), Arrays.copyOf(bytes, bytes.length / 2));
    }

    @Test
    void aDamagedDefaultIsAdvertisedAsTheVersionThatServes() throws Exception {
        try (Http http = new Http(service.vertx(), service.port());
                WsProbe ws = WsProbe.connect(service.vertx(), service.port())) {
            int advertised = -1;
            for (JsonNode m : http.get("/api/models").json().path("models")) {
                if (m.path("name").asText().equals(TestModels.COND)) advertised = m.path("version").asInt();
            }
            assertEquals(1, advertised, "the version that serves, not the damaged default");
            ws.send("{\"type\":\"generate\",\"model\":\"tiny-cond\",\"label\":1,\"sampler\":{\"steps\":1}}");
            assertEquals(1, ws.nextText(30).path("modelVersion").asInt());
        }
    }
}
