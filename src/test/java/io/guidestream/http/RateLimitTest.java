package io.guidestream.http;

import static io.guidestream.http.GenerateSocketTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.Http;
import io.guidestream.RunningService;
import io.guidestream.WsProbe;
import io.guidestream.config.LimitsConfig;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code limits.requestsPerSecond} = 2 (bursts of 4) per client, over WebSocket messages and REST writes: the excess
 * gets RATE_LIMITED naming the limit, other clients are unaffected, and the bucket refills.
 */
class RateLimitTest {
    private static final String NOOP = "{\"type\":\"cancel\",\"jobId\":\"j-none\"}";

    @RegisterExtension
    static final RunningService service = RunningService.builder()
            .limits(LimitsConfig.defaults().withRequestsPerSecond(2))
            .config(c -> c.withHttp(c.http().withTrustForwardedHeaders(true)))
            .build();

    @Test
    void socketMessagesBeyondTheRateAreRefusedAndTheBucketRefills() throws Exception {
        try (WsProbe flood = WsProbe.connect(service.vertx(), service.port(), "198.51.100.1");
                WsProbe other = WsProbe.connect(service.vertx(), service.port(), "198.51.100.2")) {
            for (int i = 0; i < 10; i++) flood.send(NOOP);
            int limited = 0;
            for (int i = 0; i < 10; i++) {
                var m = flood.nextText(10);
                if (m.path("code").asText().equals("RATE_LIMITED")) {
                    assertError(m, "RATE_LIMITED", "at most 2.0 messages per second per client (limits.requestsPerSecond)");
                    limited++;
                } else {
                    assertError(m, "BAD_REQUEST", "no running job");
                }
            }
            // A burst of 4 passes and the rest is refused, less what refilled (2/s) while the messages were in flight.
            assertTrue(limited >= 4 && limited <= 6, limited + " of 10 refused");
            other.send(NOOP);
            assertError(other.nextText(10), "BAD_REQUEST", "no running job"); // another client has its own bucket
            Thread.sleep(1_100);
            flood.send(NOOP);
            assertError(flood.nextText(10), "BAD_REQUEST", "no running job"); // refilled at 2 per second
        }
    }

    @Test
    void restWritesBeyondTheRateGet429() throws Exception {
        try (Http http = new Http(service.vertx(), service.port())) {
            Map<String, String> client = Map.of("X-Forwarded-For", "198.51.100.3");
            int limited = 0;
            for (int i = 0; i < 8; i++) {
                Http.Reply r = http.send(HttpMethod.POST, "/api/train", "{}", client);
                if (r.status() == 429) {
                    assertEquals("RATE_LIMITED", r.json().path("code").asText());
                    limited++;
                }
            }
            assertTrue(limited >= 2 && limited <= 4, limited + " of 8 refused (a burst of 4 passes, 2/s refill)");
            assertEquals(200, http.send(HttpMethod.GET, "/api/models", null, client).status(), "reads are not limited");
        }
    }
}
