package io.guidestream.client;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The Reactive Streams subscription of one generation: events go to the subscriber only as far as it has requested,
 * the rest wait in an {@link EventBuffer} (which drops superseded previews, never steps), and the terminal signal
 * follows the last buffered event. This is the classic serialized drain loop: whichever thread offers or requests
 * runs it, one at a time, so {@code onNext} is never called concurrently. A cancelled subscription delivers nothing
 * more, not even the server's {@code CANCELLED} error that the cancel provokes.
 */
final class JobSubscription extends AtomicInteger implements Subscription {
    private static final long serialVersionUID = 1L;

    private final Subscriber<? super GenerationEvent> downstream;
    private final EventBuffer buffer = new EventBuffer();
    private final AtomicLong requested = new AtomicLong();
    private final Runnable onCancel;
    private volatile boolean cancelled;
    private volatile boolean terminated;
    private volatile @Nullable Throwable error;

    JobSubscription(Subscriber<? super GenerationEvent> downstream, Runnable onCancel) {
        this.downstream = downstream;
        this.onCancel = onCancel;
    }

    /** Queues an event and delivers what the subscriber has asked for. */
    void next(GenerationEvent event) {
        if (cancelled || terminated) return;
        buffer.offer(event);
        drain();
    }

    /** Ends the stream once the buffered events are delivered. */
    void complete() {
        terminate(null);
    }

    void fail(Throwable t) {
        terminate(t);
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** Whether the job's end (done or error) has arrived, whether or not it was delivered yet. */
    boolean terminalReceived() {
        return terminated;
    }

    /** Images dropped because the subscriber fell behind (for tests and diagnostics). */
    long droppedImages() {
        return buffer.dropped();
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            // Reactive Streams §3.9: a non-positive request is a subscriber bug, reported downstream.
            terminate(new IllegalArgumentException("§3.9: request must be positive, got " + n));
            return;
        }
        requested.getAndUpdate(r -> r + n < 0 ? Long.MAX_VALUE : r + n);
        drain();
    }

    @Override
    public void cancel() {
        if (cancelled) return;
        cancelled = true;
        if (getAndIncrement() == 0) buffer.clear();
        if (!terminated) onCancel.run();
    }

    private void terminate(@Nullable Throwable t) {
        if (terminated || cancelled) return;
        error = t;
        terminated = true;
        drain();
    }

    private void drain() {
        if (getAndIncrement() != 0) return;
        int missed = 1;
        while (true) {
            long r = requested.get();
            long emitted = 0;
            while (emitted != r) {
                if (cancelled) {
                    buffer.clear();
                    return;
                }
                boolean done = terminated;
                GenerationEvent e = buffer.poll();
                if (e == null) {
                    if (done) {
                        signalTerminal();
                        return;
                    }
                    break;
                }
                downstream.onNext(e);
                emitted++;
            }
            if (cancelled) {
                buffer.clear();
                return;
            }
            if (emitted == r && terminated && buffer.isEmpty()) {
                signalTerminal();
                return;
            }
            if (emitted != 0 && r != Long.MAX_VALUE) requested.addAndGet(-emitted);
            missed = addAndGet(-missed);
            if (missed == 0) return;
        }
    }

    /** Runs inside the drain loop only, after every buffered event was delivered. */
    private void signalTerminal() {
        cancelled = true; // nothing more, ever; and no cancel to send for a job that ended by itself
        Throwable t = error;
        if (t == null) {
            downstream.onComplete();
        } else {
            downstream.onError(t);
        }
    }
}
