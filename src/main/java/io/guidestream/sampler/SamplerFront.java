package io.guidestream.sampler;

import io.guidestream.bus.Addresses;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.JobMessage;
import io.guidestream.bus.SamplerStatus;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.function.Consumer;

/**
 * The sampler's face on the event bus, an event-loop verticle in front of the sampler thread. Commands arrive here:
 * a job gets its slots from the {@link SlotLedger} (or a {@code CAPACITY} refusal) at once, even while the sampler
 * thread is in the middle of a long tick, and is then handed to that thread. Everything the sampler says leaves from
 * here too, never from the sampler thread: in clustered mode a send first resolves the target node asynchronously,
 * and that continuation runs on the sending context, where it would wait behind back-to-back ticks. All of a job's
 * messages go to its reply address from this one context, so they arrive in order, each marked with
 * {@link Addresses#FROM_SAMPLER}. Adverts go out every {@value #ADVERT_PERIOD_MS} ms and {@value #ADVERT_SOON_MS} ms
 * after the load changes, so that gateways see freed slots quickly and a busy sampler never looks dead.
 */
final class SamplerFront extends AbstractVerticle {
    static final long ADVERT_PERIOD_MS = 1000;
    static final long ADVERT_SOON_MS = 100;

    /** The sampler thread: jobs and cancels are queued onto its context in the order they arrived here. */
    record SamplerThread(Context context, Consumer<GenerateCommand> onAdmit, Consumer<String> onCancel) {
        void admit(GenerateCommand cmd) {
            context.runOnContext(v -> onAdmit.accept(cmd));
        }

        void cancel(String jobId) {
            context.runOnContext(v -> onCancel.accept(jobId));
        }
    }

    private final String node;
    private final SlotLedger ledger;
    private final SamplerThread worker;
    private final DeliveryOptions fromHere;
    private volatile List<SamplerStatus.ModelInfo> catalog;
    private volatile Context loop;
    private boolean advertScheduled;
    private boolean closing;

    SamplerFront(String node, int capacity, List<SamplerStatus.ModelInfo> catalog, SamplerThread worker) {
        this.node = node;
        this.ledger = new SlotLedger(node, capacity);
        this.catalog = catalog;
        this.worker = worker;
        this.fromHere = new DeliveryOptions().addHeader(Addresses.FROM_SAMPLER, node);
    }

    /** Listens, and once every address is registered in the cluster (not before), advertises. */
    @Override
    public void start(Promise<Void> started) {
        loop = context;
        EventBus bus = vertx.eventBus();
        List<MessageConsumer<?>> consumers = List.of(
                bus.<GenerateCommand>consumer(Addresses.GENERATE, m -> onGenerate(m.body())),
                bus.<GenerateCommand>consumer(Addresses.generateOn(node), m -> onGenerate(m.body())),
                bus.<String>consumer(Addresses.CANCEL, m -> onCancel(m.body())),
                bus.<String>consumer(Addresses.cancelOn(node), m -> onCancel(m.body())),
                bus.<String>consumer(Addresses.SAMPLER_STATUS, m -> m.reply(status())),
                bus.consumer(Addresses.SAMPLER_DISCOVER, m -> advertise()));
        Future.all(consumers.stream().map(MessageConsumer::completion).toList())
                .onSuccess(all -> vertx.setPeriodic(0, ADVERT_PERIOD_MS, id -> advertise()))
                .<Void>mapEmpty().onComplete(started);
    }

    private void onGenerate(GenerateCommand cmd) {
        JobEvent.Failed refused = closing ? new JobEvent.Failed(cmd.jobId(), ErrorCode.CAPACITY, "sampler " + node
                + " is shutting down") : ledger.refusal(cmd);
        if (refused != null) {
            sendNow(cmd, refused);
            return;
        }
        sendNow(cmd, ledger.reserve(cmd));
        worker.admit(cmd);
        advertiseSoon();
    }

    private void onCancel(String jobId) {
        if (ledger.cancel(jobId)) worker.cancel(jobId);
    }

    /** Sends a message about {@code job} (called from the sampler thread). */
    void send(GenerateCommand job, JobMessage body) {
        loop.runOnContext(v -> sendNow(job, body));
    }

    /** Sends the job's last message and frees its slots (called from the sampler thread). */
    void finish(GenerateCommand job, JobEvent lastMessage) {
        loop.runOnContext(v -> {
            sendNow(job, lastMessage);
            if (ledger.release(job.jobId())) advertiseSoon();
        });
    }

    /** The registry changed: the models this sampler can serve (called from the sampler thread). */
    void catalog(List<SamplerStatus.ModelInfo> models) {
        catalog = models;
        loop.runOnContext(v -> advertiseSoon());
    }

    /**
     * Shutdown, first step (called from the sampler thread before it fails its jobs): new jobs are refused, and no
     * advert goes out until {@link #goodbye}, so that gateways get the jobs' final errors before they forget this
     * sampler.
     */
    void close() {
        loop.runOnContext(v -> closing = true);
    }

    /**
     * A last advert saying "not ready", so that gateways stop routing here at once rather than after expiry. Sent
     * after everything queued before it (the jobs' final errors), from the same FIFO event loop.
     */
    Future<Void> goodbye() {
        Promise<Void> sent = Promise.promise();
        loop.runOnContext(v -> {
            vertx.eventBus().publish(Addresses.SAMPLER_ADVERTS, status()); // not ready: closing
            sent.complete();
        });
        return sent.future();
    }

    private void sendNow(GenerateCommand job, JobMessage body) {
        vertx.eventBus().send(job.replyAddress(), body, fromHere);
    }

    private SamplerStatus status() {
        return ledger.status(!closing, catalog);
    }

    private void advertise() {
        if (!closing) vertx.eventBus().publish(Addresses.SAMPLER_ADVERTS, status());
    }

    private void advertiseSoon() {
        if (advertScheduled) return;
        advertScheduled = true;
        vertx.setTimer(ADVERT_SOON_MS, id -> {
            advertScheduled = false;
            advertise();
        });
    }
}
