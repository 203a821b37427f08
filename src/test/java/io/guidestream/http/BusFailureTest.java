package io.guidestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.guidestream.bus.ErrorCode;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.junit.jupiter.api.Test;

/** The one mapping of failed bus requests to wire error codes. */
class BusFailureTest {
    @Test
    void nobodyServingOrAnsweringIsCapacityAndAnythingElseIsInternal() {
        Throwable gone = new ReplyException(ReplyFailure.NO_HANDLERS, "no handlers");
        Throwable slow = new ReplyException(ReplyFailure.TIMEOUT, "timeout");
        Throwable failed = new ReplyException(ReplyFailure.RECIPIENT_FAILURE, "boom");
        assertEquals(BusFailure.NO_HANDLERS, BusFailure.of(gone));
        assertEquals(ErrorCode.CAPACITY, BusFailure.of(gone).code());
        assertEquals("no trainer is available", BusFailure.of(gone).message("trainer", gone));
        assertEquals(ErrorCode.CAPACITY, BusFailure.of(slow).code());
        assertEquals("the registry did not answer in time", BusFailure.of(slow).message("registry", slow));
        assertEquals(BusFailure.OTHER, BusFailure.of(failed));
        assertEquals(ErrorCode.INTERNAL, BusFailure.of(failed).code());
        assertEquals("evaluator request failed: boom", BusFailure.of(failed).message("evaluator", failed));
        assertEquals(ErrorCode.INTERNAL, BusFailure.of(new IllegalStateException("x")).code());
    }
}
