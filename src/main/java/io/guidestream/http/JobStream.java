package io.guidestream.http;

import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.StepFrame;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One generation job as the gateway sees it, independent of any socket: it receives the job's frames from the
 * sampler, relays them to the attached {@link ClientLink} if there is one, and keeps what a reconnecting client
 * needs to resume: the last {@value #REPLAY_STEPS} step messages, the latest image of each (kind, item), and the
 * final message. Confined to the gateway's event loop.
 */
final class JobStream {
    static final int REPLAY_STEPS = 200;

    final String jobId;
    final String requestId;
    final GenerateCommand command;
    private final boolean resumable;
    private final Consumer<JobStream> onEnd;
    private String owner;
    private boolean ended;
    private final Deque<Step> recent = new ArrayDeque<>();
    private final Map<String, Buffer> latestImages = new LinkedHashMap<>();
    private ClientLink link;
    private boolean accepted;
    private String acceptedText;
    private String finalText;
    private int lastStep;
    private String node;
    private long detachedAt;
    private long finishedAt;

    /** A relayed step: its number and its JSON text. */
    private record Step(int number, String text) {
    }

    /** Where a stream's output goes: one WebSocket connection. */
    interface ClientLink {
        void text(String json);

        void frame(StepFrame f);

        void image(Buffer frame);

        void jobEnded(String jobId);
    }

    /**
     * @param owner the client the job counts against (its address; a {@code resume} may move it)
     * @param onEnd runs once, when the job ends or is abandoned (it frees the owner's quota and the slots)
     */
    JobStream(String requestId, GenerateCommand command, boolean resumable, ClientLink link, String owner,
            Consumer<JobStream> onEnd) {
        this.resumable = resumable;
        this.jobId = command.jobId();
        this.requestId = requestId;
        this.command = command;
        this.link = link;
        this.owner = owner;
        this.onEnd = onEnd;
    }

    /** A sampler holds slots for the job ({@code null}: none does, the job is looking for another). */
    void placed(String sampler) {
        node = sampler;
    }

    void accepted(JobEvent.Accepted a) {
        accepted = true;
        node = a.node();
        acceptedText = WireFormat.accepted(requestId, a, command.seed());
        if (link != null) link.text(acceptedText);
    }

    boolean isAccepted() {
        return accepted;
    }

    void step(StepFrame f) {
        String text = WireFormat.step(requestId, f);
        recent.addLast(new Step(f.step(), text));
        if (recent.size() > REPLAY_STEPS) recent.removeFirst();
        lastStep = f.step();
        for (StepFrame.Preview p : f.images()) {
            latestImages.put(p.kind() + "/" + p.index(), WireFormat.image(f, p));
        }
        if (link != null) {
            link.text(text);
            link.frame(f);
        }
    }

    void done(JobEvent.Done d) {
        finish(WireFormat.done(requestId, d));
    }

    void failed(JobEvent.Failed f) {
        finish(WireFormat.error(requestId, jobId, f.code(), f.message()));
    }

    void failed(ErrorCode code, String message) {
        finish(WireFormat.error(requestId, jobId, code, message));
    }

    private void finish(String text) {
        finalText = text;
        finishedAt = System.currentTimeMillis();
        end();
        if (link != null) {
            link.text(text);
            link.jobEnded(jobId);
        }
    }

    /** Nobody resumed the job within the grace period: it ends (the hub cancels it). */
    void abandon() {
        end();
    }

    private void end() {
        if (ended) return;
        ended = true;
        onEnd.accept(this);
    }

    /** Whether the job waits for a {@code resume} when its socket drops (else it is cancelled at once). */
    boolean resumable() {
        return resumable;
    }

    /** The sampler that took the job (null while none has). */
    String node() {
        return node;
    }

    boolean finished() {
        return finalText != null;
    }

    ClientLink link() {
        return link;
    }

    void detach(long now) {
        link = null;
        detachedAt = now;
    }

    /** Whether the stream can be forgotten: ended or abandoned longer than {@code graceMs} ago. */
    boolean expired(long now, long graceMs) {
        if (finishedAt > 0) return now - finishedAt >= graceMs;
        return link == null && now - detachedAt >= graceMs;
    }

    /** The client the job counts against until it ends. */
    String owner() {
        return owner;
    }

    /** Whether the job still counts against its owner's quota. */
    boolean counted() {
        return !ended;
    }

    /**
     * Attaches a (new) client that has seen steps up to {@code lastSeen} and now owns the job: it gets a
     * {@code resumed} message, the steps it missed that are still buffered, the latest images, and the final message
     * if the job has ended. A connection still watching a running job is told that it was taken over ({@code MOVED})
     * rather than left waiting for a {@code done} that will never come.
     */
    void attach(ClientLink client, String newOwner, int lastSeen) {
        if (link != null && link != client && !finished()) {
            link.text(WireFormat.error(requestId, jobId, ErrorCode.MOVED, "job " + jobId + " was resumed by another"
                    + " connection, which receives it from now on"));
            link.jobEnded(jobId);
        }
        link = client;
        owner = newOwner;
        int replayFrom = recent.isEmpty() ? lastStep + 1 : Math.max(lastSeen + 1, recent.peekFirst().number());
        client.text(WireFormat.resumed(requestId, jobId, lastStep, command.sampler().steps(), replayFrom));
        for (Step s : recent) if (s.number() > lastSeen) client.text(s.text());
        latestImages.values().forEach(client::image);
        if (finalText != null) {
            client.text(finalText);
            client.jobEnded(jobId);
        }
    }

    String acceptedText() {
        return acceptedText;
    }
}
