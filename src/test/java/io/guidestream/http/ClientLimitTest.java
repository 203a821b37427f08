package io.guidestream.http;

import static io.guidestream.http.GenerateSocketTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.RunningService;
import io.guidestream.WsProbe;
import io.guidestream.config.LimitsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Admission control per client ({@code limits.maxJobsPerClient} = 2) over all of its connections, with the client's
 * address taken from X-Forwarded-For (as behind the Ingress): a third concurrent job is refused with CAPACITY naming
 * the limit, another client is unaffected, and a slot frees up when a job ends.
 */
class ClientLimitTest {
    private static final String LONG_JOB = "{\"type\":\"generate\",\"requestId\":\"%s\",\"model\":\"tiny-cond\","
            + "\"label\":1,\"batch\":1,\"sampler\":{\"steps\":1000}}";

    @RegisterExtension
    static final RunningService service = RunningService.builder()
            .limits(LimitsConfig.defaults().withMaxJobsPerClient(2))
            .config(c -> c.withHttp(c.http().withTrustForwardedHeaders(true)))
            .build();

    private static void startJob(WsProbe ws, String requestId) throws Exception {
        ws.send(String.format(LONG_JOB, requestId));
        JsonNode m = nextNonStep(ws);
        assertEquals("accepted", m.path("type").asText(), m.toString());
        assertEquals(requestId, m.path("requestId").asText());
    }

    /** The next message that is not a step of a job already running on the socket. */
    private static JsonNode nextNonStep(WsProbe ws) throws Exception {
        JsonNode m;
        do {
            m = ws.nextText(30);
        } while (m.path("type").asText().equals("step"));
        return m;
    }

    @Test
    void aClientGetsAtMostItsLimitOfJobsAcrossItsConnections() throws Exception {
        try (WsProbe a = WsProbe.connect(service.vertx(), service.port(), "198.51.100.7");
                WsProbe b = WsProbe.connect(service.vertx(), service.port(), "198.51.100.7");
                WsProbe other = WsProbe.connect(service.vertx(), service.port(), "203.0.113.9")) {
            startJob(a, "a1");
            startJob(b, "b1");
            b.send(String.format(LONG_JOB, "b2"));
            JsonNode refused = nextNonStep(b);
            assertError(refused, "CAPACITY", "at most 2 concurrent jobs per client (limits.maxJobsPerClient)");
            assertEquals("b2", refused.path("requestId").asText());
            startJob(other, "o1"); // another client has its own quota

            a.send("{\"type\":\"cancel\",\"requestId\":\"a1\"}");
            assertError(nextNonStep(a), "CANCELLED", "cancelled");
            startJob(b, "b3"); // the cancelled job's slot is free again
            assertEquals(1.0, service.running().registry().get("guidestream.jobs.rejected")
                    .tag("reason", "client_limit").counter().count());
        }
    }
}
