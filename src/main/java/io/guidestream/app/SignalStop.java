package io.guidestream.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Turns SIGTERM or Ctrl-C during a command-line job into a cancel at the job's next step boundary. Without it the
 * JVM runs libtorch's exit handlers while the main thread is still inside a native op, which crashes the process
 * (SIGSEGV in {@code torchBackward} or {@code dnnl_primitive_execute}) and loses the steps since the last
 * checkpoint. The shutdown hook raises the flag the job polls, then holds the shutdown until the job says it has
 * stopped ({@link #close()}) or the grace period ends.
 */
final class SignalStop implements BooleanSupplier, AutoCloseable {
    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Duration grace;
    final Thread hook; // package-private for the test that checks it is dropped

    private SignalStop(Duration grace) {
        this.grace = grace;
        this.hook = new Thread(this::onSignal, "signal-stop");
    }

    /** Registers the shutdown hook; close it when the job has returned. */
    static SignalStop install(Duration grace) {
        SignalStop stop = new SignalStop(grace);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** A stop that no signal raises, for tests of the hook's own behaviour. */
    static SignalStop detached(Duration grace) {
        return new SignalStop(grace);
    }

    /** What the shutdown hook does: ask the job to stop, then wait for it (at most the grace period). */
    void onSignal() {
        requested.set(true);
        try {
            stopped.await(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a signal asked the job to stop. */
    @Override
    public boolean getAsBoolean() {
        return requested.get();
    }

    /** The job has returned (no native op runs any more): let a pending shutdown go on, or drop the hook. */
    @Override
    public void close() {
        stopped.countDown();
        if (!requested.get()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // A signal arrived just now; the hook finds the latch open and returns at once.
            }
        }
    }
}
