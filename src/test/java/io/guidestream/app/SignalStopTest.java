package io.guidestream.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.Await;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shutdown hook's side of {@link SignalStop}: it raises the flag, then holds the shutdown until the job stops. */
class SignalStopTest {
    @Test
    void aSignalRaisesTheFlagAndWaitsUntilTheJobHasStopped() throws Exception {
        SignalStop stop = SignalStop.detached(Duration.ofSeconds(30));
        assertFalse(stop.getAsBoolean());
        CountDownLatch hookReturned = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.onSignal();
            hookReturned.countDown();
        });
        hook.start();
        Await.until(stop::getAsBoolean, Duration.ofSeconds(5), "the job sees the stop request");
        assertFalse(hookReturned.await(200, TimeUnit.MILLISECONDS), "the shutdown waits while the job runs");
        stop.close();
        assertTrue(hookReturned.await(5, TimeUnit.SECONDS), "the shutdown goes on once the job has stopped");
    }

    @Test
    void theShutdownGoesOnAfterTheGracePeriodIfTheJobNeverStops() {
        SignalStop stop = SignalStop.detached(Duration.ofMillis(50));
        long start = System.nanoTime();
        stop.onSignal();
        assertTrue(stop.getAsBoolean());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "bounded by the grace period");
    }

    @Test
    void withoutASignalClosingDropsTheHook() {
        SignalStop stop = SignalStop.install(Duration.ofSeconds(1));
        stop.close();
        assertFalse(stop.getAsBoolean());
        assertFalse(Runtime.getRuntime().removeShutdownHook(stop.hook), "the hook is no longer registered");
    }
}
