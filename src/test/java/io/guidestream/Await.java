package io.guidestream;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waiting on conditions instead of sleeping: {@link #until} polls every {@value #POLL_MS} ms and returns as soon as
 * the condition holds. Proving that something does <em>not</em> happen needs a window of observation;
 * {@link #assertNeverWithin} makes that window explicit and fails the moment the condition turns true.
 */
public final class Await {
    static final long POLL_MS = 10;

    private Await() {
    }

    /** A state to look at, which may ask the service (an HTTP request, an event-bus request). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits until {@code condition} holds; fails with {@code message} after {@code timeout}. */
    public static void until(Condition condition, Duration timeout, String message) throws Exception {
        until(condition, timeout, () -> message);
    }

    /** As {@link #until(Condition, Duration, String)}, the message computed on failure (e.g. the state seen). */
    public static void until(Condition condition, Duration timeout, Supplier<String> message)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) fail("not within " + timeout.toMillis() + " ms: " + message.get());
            Thread.sleep(POLL_MS);
        }
    }

    /**
     * Watches {@code condition} for the whole {@code window} and fails as soon as it holds. A negative cannot be
     * proved by waiting for it, so the window is what the test claims: "not within this long".
     */
    public static void assertNeverWithin(Duration window, Condition condition, String message)
            throws Exception {
        long end = System.nanoTime() + window.toNanos();
        do {
            if (condition.holds()) fail(message + " (within " + window.toMillis() + " ms)");
            Thread.sleep(POLL_MS);
        } while (System.nanoTime() - end < 0);
        if (condition.holds()) fail(message + " (within " + window.toMillis() + " ms)");
    }
}
