package io.guidestream.http;

import io.guidestream.bus.Addresses;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.StepFrame;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's generation jobs, by id, whichever socket watches them. A job whose socket drops keeps running for
 * {@code graceMs} so that its client can {@code resume}; after that it is cancelled. A finished job stays
 * resumable for the same time, so that a client that lost the end can still read it. Event-loop confined.
 */
final class JobHub {
    private static final long SAMPLER_TIMEOUT_MS = 30_000;

    private final Vertx vertx;
    private final GatewayMetrics metrics;
    private final long graceMs;
    private final ClientQuota quota;
    private final Map<String, JobStream> streams = new HashMap<>();
    /** Frames that overtook the sampler's reply to the request (possible between cluster nodes). */
    private final Map<String, List<Object>> early = new HashMap<>();

    private final SamplerDirectory directory;

    JobHub(Vertx vertx, GatewayMetrics metrics, long graceMs, int maxJobsPerClient, SamplerDirectory directory) {
        this.vertx = vertx;
        this.directory = directory;
        this.metrics = metrics;
        this.graceMs = graceMs;
        this.quota = new ClientQuota(maxJobsPerClient);
        vertx.setPeriodic(Math.max(100, Math.min(1000, graceMs / 2)), id -> sweep());
    }

    /**
     * Starts a job for {@code link} on behalf of {@code client}: listens on the job's address first, then asks a
     * sampler to run it. Empty when the client already has {@link #clientLimit()} unfinished jobs.
     */
    Optional<JobStream> start(GenerateRequest.Parsed parsed, JobStream.ClientLink link, String client) {
        if (!quota.tryAcquire(client)) return Optional.empty();
        String jobId = parsed.command().jobId();
        MessageConsumer<Object> consumer = vertx.eventBus().consumer(Addresses.job(jobId), this::onMessage);
        JobStream stream = new JobStream(parsed.requestId(), parsed.command(), parsed.resumable(), consumer, link,
                client, quota::release);
        streams.put(jobId, stream);
        // Listen first: the sampler starts sending frames as soon as it accepts.
        consumer.completion().onComplete(registered -> submit(stream, true));
        return Optional.of(stream);
    }

    /** {@code limits.maxJobsPerClient}. */
    int clientLimit() {
        return quota.limit();
    }

    /**
     * Sends the job to the least-loaded sampler that advertises the model, else to any sampler (which answers
     * UNKNOWN_MODEL or CAPACITY itself). A chosen sampler that has vanished is forgotten and the job retried once.
     */
    private void submit(JobStream stream, boolean mayRetry) {
        String jobId = stream.jobId;
        var node = directory.pick(stream.command.model(), stream.command.batch());
        String target = node.map(Addresses::generateOn).orElse(Addresses.GENERATE);
        vertx.eventBus().<Object>request(target, stream.command, new DeliveryOptions().setSendTimeout(SAMPLER_TIMEOUT_MS))
                .onComplete(ar -> {
                    if (ar.failed() && mayRetry && node.isPresent() && isNoHandlers(ar.cause())) {
                        directory.forget(node.get());
                        submit(stream, false);
                    } else if (ar.failed()) {
                        metrics.jobRejected("unreachable");
                        stream.failed(errorFor(ar.cause()), samplerFailure(ar.cause()));
                    } else if (ar.result().body() instanceof JobEvent.Failed f) {
                        metrics.jobRejected(f.code().name().toLowerCase(java.util.Locale.ROOT));
                        stream.failed(f);
                    } else if (ar.result().body() instanceof JobEvent.Accepted a) {
                        metrics.jobStarted();
                        stream.accepted(a);
                        early.getOrDefault(jobId, List.of()).forEach(m -> deliver(stream, m));
                        early.remove(jobId);
                    }
                });
    }

    private static boolean isNoHandlers(Throwable t) {
        return t instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS;
    }

    private void onMessage(Message<Object> m) {
        String jobId = m.address().substring("gs.job.".length());
        JobStream stream = streams.get(jobId);
        if (stream == null || stream.finished()) return;
        if (!stream.isAccepted()) {
            early.computeIfAbsent(jobId, k -> new ArrayList<>()).add(m.body());
            return;
        }
        deliver(stream, m.body());
    }

    private void deliver(JobStream stream, Object body) {
        if (body instanceof StepFrame f) {
            stream.step(f);
        } else if (body instanceof JobEvent.Done d) {
            metrics.jobEnded("done");
            stream.done(d);
        } else if (body instanceof JobEvent.Failed f) {
            metrics.jobEnded(f.code() == ErrorCode.CANCELLED ? "cancelled" : "failed");
            stream.failed(f);
        }
    }

    /** A sampler stopped advertising: its jobs end now with a clear error instead of waiting forever. */
    void nodeLost(String node) {
        for (JobStream s : streams.values()) {
            if (!s.finished() && node.equals(s.node())) {
                metrics.jobEnded("lost");
                s.failed(ErrorCode.INTERNAL, "sampler " + node + " stopped answering; the job is lost, resubmit it");
            }
        }
    }

    /** The gateway stops: every unfinished job ends with an error its client can act on, and its sampler drops it. */
    void shutdown() {
        for (JobStream s : streams.values()) {
            if (s.finished()) continue;
            cancel(s);
            metrics.jobEnded("failed");
            s.failed(ErrorCode.INTERNAL, "the gateway is shutting down; resubmit the job");
        }
    }

    JobStream find(String jobId) {
        return streams.get(jobId);
    }

    /**
     * {@code client} resumes {@code stream} on {@code link}: a running job's quota moves to it (a job counts against
     * whoever watches it), unless that would take it over its limit. False when refused so.
     */
    boolean resume(JobStream stream, JobStream.ClientLink link, String client, int lastSeen) {
        String owner = stream.owner();
        if (stream.counted() && !owner.equals(client)) {
            if (!quota.tryAcquire(client)) return false;
            quota.release(owner);
        }
        stream.attach(link, client, lastSeen);
        return true;
    }

    void cancel(JobStream stream) {
        vertx.eventBus().publish(Addresses.CANCEL, stream.jobId);
    }

    /**
     * The link's socket closed: its resumable jobs wait {@code graceMs} for a {@code resume}; the others are
     * cancelled now, so the sampler drops them before its next step.
     */
    void detach(JobStream.ClientLink link) {
        long now = System.currentTimeMillis();
        for (JobStream s : streams.values()) {
            if (s.link() != link) continue;
            s.detach(now);
            if (!s.resumable() && !s.finished()) cancel(s);
        }
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        streams.values().removeIf(s -> {
            if (!s.expired(now, graceMs)) return false;
            if (!s.finished()) {
                cancel(s);
                metrics.jobEnded("abandoned");
                s.abandon();
            }
            return true;
        });
    }

    int size() {
        return streams.size();
    }

    private static ErrorCode errorFor(Throwable t) {
        if (t instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS) return ErrorCode.CAPACITY;
        if (t instanceof ReplyException r && r.failureType() == ReplyFailure.TIMEOUT) return ErrorCode.CAPACITY;
        return ErrorCode.INTERNAL;
    }

    private static String samplerFailure(Throwable t) {
        if (t instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS) {
            return "no sampler is available";
        }
        if (t instanceof ReplyException r && r.failureType() == ReplyFailure.TIMEOUT) {
            return "the sampler did not answer within " + SAMPLER_TIMEOUT_MS / 1000 + " s";
        }
        return "sampler request failed: " + t.getMessage();
    }
}
