package io.guidestream.http;

import io.guidestream.bus.Addresses;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.JobMessage;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds a sampler for each new job: offers it to the samplers in {@link SamplerRanking}'s order until one takes it
 * ({@link JobEvent.Reserved}). A sampler that refuses for want of room is passed over until its next advert; one that
 * does not answer within {@value #ADMISSION_TIMEOUT_MS} ms, or that the bus cannot reach, is out of routing until it
 * advertises again, is told to drop the job should it still arrive, and the job goes to the next one. If the sampler
 * that took the job is lost, or cannot start it after all, before it accepts the job, the job goes to the next one
 * too. {@code CAPACITY} only when no sampler is left. Event-loop confined.
 */
final class JobPlacer {
    /**
     * How long a sampler has to take a job. Its front answers from an event loop as soon as the command arrives,
     * whatever its sampler thread is doing (about a millisecond on loopback), so silence this long means that the
     * sampler is gone or its process stalls.
     */
    static final long ADMISSION_TIMEOUT_MS = 2_000;
    /** The node of an offer to whichever sampler the bus picks (none known, or none that lists the model). */
    private static final String ANY = "any sampler";

    private final Vertx vertx;
    private final SamplerDirectory directory;
    private final GatewayMetrics metrics;
    private final Map<String, Placement> placements = new HashMap<>();

    /** A job until a sampler accepts it. */
    private static final class Placement {
        final JobStream stream;
        final Set<String> tried = new HashSet<>();
        final List<String> unanswered = new ArrayList<>();
        /** The sampler asked last (ANY: whichever the bus picks); null between offers. */
        String node;
        long timer = -1;

        Placement(JobStream stream) {
            this.stream = stream;
        }
    }

    JobPlacer(Vertx vertx, SamplerDirectory directory, GatewayMetrics metrics) {
        this.vertx = vertx;
        this.directory = directory;
        this.metrics = metrics;
    }

    /** Offers a new job to the best sampler. */
    void place(JobStream stream) {
        Placement p = new Placement(stream);
        placements.put(stream.jobId, p);
        offer(p);
    }

    /**
     * A sampler's message about a job that no sampler has accepted yet; true if it was about placing the job (or came
     * from a sampler the job has left), false to let the hub deliver it: {@link JobEvent.Accepted} and failures such
     * as {@code UNKNOWN_MODEL}, after which the job is no longer placing.
     */
    boolean intercept(JobStream stream, String from, JobMessage body) {
        Placement p = placements.get(stream.jobId);
        if (p == null) return false;
        if (p.node == null || !(p.node.equals(from) || p.node.equals(ANY))) return true;
        p.node = from; // (an offer to any sampler: this one answered)
        if (body instanceof JobEvent.Reserved r) {
            taken(p, r);
        } else if (body instanceof JobEvent.Failed f && f.code() == ErrorCode.CAPACITY) {
            directory.full(from);
            next(p);
        } else {
            settle(p);
            return false;
        }
        return true;
    }

    /** A sampler was lost: the jobs it had not accepted yet go to the next one. */
    void lost(String node) {
        for (Placement p : List.copyOf(placements.values())) {
            if (node.equals(p.node)) next(p);
        }
    }

    /** Stops placing the job (it ended: cancelled, refused, or the gateway stops); false if it was not placing. */
    boolean abandon(JobStream stream) {
        Placement p = placements.get(stream.jobId);
        if (p == null) return false;
        settle(p);
        return true;
    }

    private void offer(Placement p) {
        GenerateCommand cmd = p.stream.command;
        List<String> ranked = directory.rank(cmd.model(), cmd.batch(), p.tried);
        String node;
        if (!ranked.isEmpty()) {
            node = ranked.get(0);
        } else if (p.tried.isEmpty() && !directory.anyServes(cmd.model())) {
            node = ANY; // a sampler checks the job (and names an unknown model)
        } else {
            refuse(p, directory.noRoom(cmd.model(), cmd.batch()));
            return;
        }
        p.tried.add(node);
        p.node = node;
        String address = node.equals(ANY) ? Addresses.GENERATE : Addresses.generateOn(node);
        if (!node.equals(ANY)) directory.sent(node, cmd.jobId(), cmd.model(), cmd.batch());
        vertx.eventBus().<GenerateCommand>sender(address).write(cmd).onFailure(e -> unanswered(p, node, e));
        p.timer = vertx.setTimer(ADMISSION_TIMEOUT_MS, id -> unanswered(p, node, null));
    }

    private void taken(Placement p, JobEvent.Reserved r) {
        vertx.cancelTimer(p.timer);
        p.tried.add(r.node());
        GenerateCommand cmd = p.stream.command;
        directory.taken(r.node(), cmd.jobId(), cmd.model(), cmd.batch(), r.admission());
        p.stream.placed(r.node());
    }

    /** The sampler asked did not answer in time, or the bus could not deliver to it ({@code cause}). */
    private void unanswered(Placement p, String node, Throwable cause) {
        String jobId = p.stream.jobId;
        if (placements.get(jobId) != p || !node.equals(p.node) || p.stream.node() != null) return; // answered
        if (node.equals(ANY)) {
            vertx.eventBus().publish(Addresses.CANCEL, jobId); // should it reach a sampler after all
            refuse(p, noHandlers(cause) ? "no sampler is available" : "no sampler answered within "
                    + ADMISSION_TIMEOUT_MS + " ms");
            return;
        }
        p.unanswered.add(node);
        leave(p);
        directory.suspect(node);
        if (noHandlers(cause)) directory.forget(node); // gone from the bus: its running jobs end now
        offer(p);
    }

    /** Leaves the sampler asked last and offers the job to the next one. */
    private void next(Placement p) {
        leave(p);
        offer(p);
    }

    /** The job leaves the sampler asked last, which is told to drop it (should it hold the job, or get it later). */
    private void leave(Placement p) {
        vertx.cancelTimer(p.timer);
        directory.release(p.node, p.stream.jobId);
        vertx.eventBus().send(Addresses.cancelOn(p.node), p.stream.jobId);
        p.node = null;
        p.stream.placed(null);
    }

    private void refuse(Placement p, String why) {
        settle(p);
        String unanswered = p.unanswered.isEmpty() ? "" : "; no answer within " + ADMISSION_TIMEOUT_MS + " ms from "
                + String.join(", ", p.unanswered);
        metrics.jobRejected("capacity");
        p.stream.failed(ErrorCode.CAPACITY, why + unanswered + "; retry later");
    }

    private void settle(Placement p) {
        vertx.cancelTimer(p.timer);
        placements.remove(p.stream.jobId);
    }

    private static boolean noHandlers(Throwable t) {
        return BusFailure.of(t) == BusFailure.NO_HANDLERS;
    }
}
