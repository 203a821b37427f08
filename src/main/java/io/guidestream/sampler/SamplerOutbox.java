package io.guidestream.sampler;

import io.guidestream.bus.Addresses;
import io.guidestream.bus.SamplerStatus;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.eventbus.Message;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything a sampler says on the bus goes out from this event-loop verticle, never from the sampler's worker
 * thread. In clustered mode a send first resolves the target node asynchronously, and that continuation runs on the
 * sending context: on the sampler thread, which ticks back to back, replies and frames would wait until the job
 * ended. Here they leave at once, in order. It also advertises the sampler's status every {@value #PERIOD_MS} ms
 * (and when a gateway asks) from a snapshot the sampler thread keeps current, so a busy sampler does not look dead.
 */
final class SamplerOutbox extends AbstractVerticle {
    static final long PERIOD_MS = 1000;
    private final AtomicReference<SamplerStatus> snapshot;
    private volatile Context loop;

    SamplerOutbox(AtomicReference<SamplerStatus> snapshot) {
        this.snapshot = snapshot;
    }

    @Override
    public void start() {
        loop = context;
        vertx.setPeriodic(0, PERIOD_MS, id -> advertise());
        vertx.eventBus().consumer(Addresses.SAMPLER_DISCOVER, m -> advertise());
    }

    /** Sends {@code body} to {@code address} from the outbox's event loop (FIFO with every other send). */
    void send(String address, Object body) {
        loop.runOnContext(v -> vertx.eventBus().send(address, body));
    }

    /** Replies to a request from the outbox's event loop. */
    void reply(Message<?> request, Object body) {
        loop.runOnContext(v -> request.reply(body));
    }

    /**
     * A last advert saying "not ready", so that gateways stop routing here at once rather than after expiry. Sent
     * after everything queued before it (the jobs' final errors), from the same FIFO event loop.
     */
    io.vertx.core.Future<Void> goodbye() {
        io.vertx.core.Promise<Void> sent = io.vertx.core.Promise.promise();
        loop.runOnContext(v -> {
            SamplerStatus s = snapshot.get();
            if (s != null) {
                vertx.eventBus().publish(Addresses.SAMPLER_ADVERTS, new SamplerStatus(s.node(), false, 0,
                        s.capacity(), s.models()));
            }
            sent.complete();
        });
        return sent.future();
    }

    private void advertise() {
        SamplerStatus s = snapshot.get();
        if (s != null) vertx.eventBus().publish(Addresses.SAMPLER_ADVERTS, s);
    }
}
