package io.guidestream.http;

import io.guidestream.bus.Addresses;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.JobMessage;
import io.guidestream.bus.StepFrame;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The gateway's generation jobs, by id, whichever socket watches them. Samplers send every job's messages to one
 * address of this hub ({@link Addresses#gatewayJobs}, registered once: a job needs no cluster registration of its
 * own), and each message names its job. A {@link JobPlacer} finds each job a sampler; from then on the job's messages
 * come from that sampler alone (each names its sender in the {@link Addresses#FROM_SAMPLER} header; anything from a
 * sampler the job has left, or about a job that has ended, is ignored). A job whose socket
 * drops keeps running for {@code graceMs} so that its client can {@code resume}; after that it is cancelled. A
 * finished job stays resumable for the same time, so that a client that lost the end can still read it. Event-loop
 * confined.
 */
final class JobHub {
    private final Vertx vertx;
    private final GatewayMetrics metrics;
    private final long graceMs;
    private final ClientQuota quota;
    private final Map<String, JobStream> streams = new HashMap<>();
    private final SamplerDirectory directory;
    private final JobPlacer placer;
    private final String replyAddress = Addresses.gatewayJobs("gateway-" + UUID.randomUUID().toString()
            .substring(0, 8));
    /** Completes once samplers can reach {@link #replyAddress}: no job is placed before. */
    private final Future<Void> listening;

    JobHub(Vertx vertx, GatewayMetrics metrics, long graceMs, int maxJobsPerClient, SamplerDirectory directory) {
        this.vertx = vertx;
        this.directory = directory;
        this.metrics = metrics;
        this.graceMs = graceMs;
        this.quota = new ClientQuota(maxJobsPerClient);
        this.placer = new JobPlacer(vertx, directory, metrics);
        this.listening = vertx.eventBus().<JobMessage>consumer(replyAddress, m -> onMessage(m.body().jobId(), m))
                .completion();
        vertx.setPeriodic(Math.max(100, Math.min(1000, graceMs / 2)), id -> sweep());
    }

    /** Where samplers send this gateway's jobs' messages: the reply address of every command it parses. */
    String replyAddress() {
        return replyAddress;
    }

    /**
     * Starts a job for {@code link} on behalf of {@code client} and has a sampler found for it (once this hub
     * listens). Empty when the client already has {@link #clientLimit()} unfinished jobs.
     */
    Optional<JobStream> start(GenerateRequest.Parsed parsed, JobStream.ClientLink link, String client) {
        if (!quota.tryAcquire(client)) return Optional.empty();
        JobStream stream = new JobStream(parsed.requestId(), parsed.command(), parsed.resumable(), link, client,
                this::ended);
        streams.put(stream.jobId, stream);
        listening.onComplete(registered -> {
            if (!stream.finished()) placer.place(stream);
        });
        return Optional.of(stream);
    }

    /** {@code limits.maxJobsPerClient}. */
    int clientLimit() {
        return quota.limit();
    }

    /** A message about job {@code jobId} (ignored once the job has ended, or unknown here). */
    private void onMessage(String jobId, Message<JobMessage> m) {
        JobStream stream = streams.get(jobId);
        if (stream == null || stream.finished()) return;
        String from = String.valueOf(m.headers().get(Addresses.FROM_SAMPLER));
        if (placer.intercept(stream, from, m.body()) || !from.equals(stream.node())) return;
        m.body().deliverTo(new Delivery(stream));
    }

    /** Hands a placed job's messages from its sampler to its stream, and counts how jobs start and end. */
    private final class Delivery implements JobMessage.Receiver {
        private final JobStream stream;

        Delivery(JobStream stream) {
            this.stream = stream;
        }

        @Override
        public void step(StepFrame frame) {
            stream.step(frame);
        }

        /** Only placing a job reads its reservation ({@link JobPlacer#intercept}); a placed job's says nothing new. */
        @Override
        public void reserved(JobEvent.Reserved reserved) {
        }

        @Override
        public void accepted(JobEvent.Accepted accepted) {
            metrics.jobStarted();
            stream.accepted(accepted);
        }

        @Override
        public void done(JobEvent.Done done) {
            metrics.jobEnded("done");
            stream.done(done);
        }

        @Override
        public void failed(JobEvent.Failed failed) {
            if (stream.isAccepted()) {
                metrics.jobEnded(failed.code() == ErrorCode.CANCELLED ? "cancelled" : "failed");
            } else {
                metrics.jobRejected(failed.code().name().toLowerCase(java.util.Locale.ROOT));
            }
            stream.failed(failed);
        }
    }

    /** The job ended (or was abandoned): no more looking for a sampler; the client's quota and the count drop it. */
    private void ended(JobStream stream) {
        quota.release(stream.owner());
        placer.abandon(stream);
        if (stream.node() != null) directory.release(stream.node(), stream.jobId);
    }

    /**
     * A sampler stopped advertising or said goodbye: the jobs it had not accepted go elsewhere, and the ones it ran
     * end now with a clear error instead of waiting forever.
     */
    void nodeLost(String node) {
        placer.lost(node);
        for (JobStream s : streams.values()) {
            if (!s.finished() && s.isAccepted() && node.equals(s.node())) {
                metrics.jobEnded("lost");
                s.failed(ErrorCode.INTERNAL, "sampler " + node + " stopped answering; the job is lost, resubmit it");
            }
        }
    }

    /** The gateway stops: every unfinished job ends with an error its client can act on, and its sampler drops it. */
    void shutdown() {
        for (JobStream s : streams.values()) {
            if (s.finished()) continue;
            publishCancel(s);
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

    /**
     * Cancels the job: its sampler drops it before the next step (and refuses it, should the job's command arrive
     * after the cancel). A job that no sampler has accepted yet ends here at once.
     */
    void cancel(JobStream stream) {
        publishCancel(stream);
        if (stream.finished() || stream.isAccepted()) return;
        metrics.jobRejected("cancelled");
        stream.failed(ErrorCode.CANCELLED, "job " + stream.jobId + " was cancelled");
    }

    private void publishCancel(JobStream stream) {
        vertx.eventBus().publish(Addresses.CANCEL, stream.jobId);
    }

    /**
     * The link's socket closed: its resumable jobs wait {@code graceMs} for a {@code resume}; the others are
     * cancelled now, so the sampler drops them before its next step.
     */
    void detach(JobStream.ClientLink link) {
        long now = System.currentTimeMillis();
        for (JobStream s : List.copyOf(streams.values())) {
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
                publishCancel(s);
                metrics.jobEnded("abandoned");
                s.abandon();
            }
            return true;
        });
    }

    int size() {
        return streams.size();
    }
}
