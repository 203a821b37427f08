package io.guidestream.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;

/**
 * One generation as this client follows it, across however many sockets it takes: the request, the job id once
 * accepted, and the last step and image delivered, so that after a reconnect the {@code resume} asks for exactly
 * what is missing and whatever the server replays twice is dropped here. Confined to the client's event loop,
 * except for {@link #sink()}, which is thread-safe.
 */
final class Job {
    /** What a server message did to the job, for the connection's routing. */
    enum Outcome {
        /** Nothing changes for routing. */
        CONTINUES,
        /** The job now has an id: route binary frames by it. */
        ACCEPTED,
        /** The job ended on the server (done or error): forget it. */
        ENDED,
        /** The job cannot go on here although the server still runs it: forget it and cancel it there. */
        ABANDONED
    }

    private final String requestId;
    private final GenerateRequestSpec spec;
    private final JobSubscription sink;
    private final Map<PreviewKind, Map<Integer, Integer>> lastImageStep = new HashMap<>();
    private @Nullable String jobId;
    private int lastStep;

    Job(String requestId, GenerateRequestSpec spec, Subscriber<? super GenerationEvent> subscriber,
            Consumer<Job> onCancel) {
        this.requestId = requestId;
        this.spec = spec;
        this.sink = new JobSubscription(subscriber, () -> onCancel.accept(this));
    }

    String requestId() {
        return requestId;
    }

    @Nullable String jobId() {
        return jobId;
    }

    JobSubscription sink() {
        return sink;
    }

    /** What to send on a fresh socket: the request itself until the server accepted it, then {@code resume}. */
    String openingMessage() {
        return jobId == null ? spec.toJson(requestId).toString() : Wire.resume(requestId, jobId, lastStep);
    }

    /** Handles a text message addressed to this job; a malformed one ends the job with a PROTOCOL error. */
    Outcome onText(String type, JsonNode m) {
        try {
            return switch (type) {
                case "accepted" -> accepted(Wire.accepted(m));
                case "resumed" -> resumed(m.path("replayFrom").asInt(lastStep + 1));
                case "step" -> step(Wire.step(m));
                case "done" -> {
                    sink.next(Wire.done(m));
                    sink.complete();
                    yield Outcome.ENDED;
                }
                case "error" -> {
                    sink.fail(Wire.error(m));
                    yield Outcome.ENDED;
                }
                default -> Outcome.CONTINUES; // a message type added after this client: not about us
            };
        } catch (GuidestreamException e) {
            sink.fail(e);
            return Outcome.ABANDONED;
        }
    }

    /** Delivers an image unless it is one already delivered (or older), as a replay after {@code resume} can be. */
    void onImage(GenerationEvent.Image image) {
        Map<Integer, Integer> byIndex = lastImageStep.computeIfAbsent(image.kind(), k -> new HashMap<>());
        if (image.step() <= byIndex.getOrDefault(image.index(), 0)) return;
        byIndex.put(image.index(), image.step());
        sink.next(image);
    }

    void fail(GuidestreamException e) {
        sink.fail(e);
    }

    private Outcome accepted(GenerationEvent.Accepted a) {
        if (jobId != null) return Outcome.CONTINUES;
        jobId = a.jobId();
        sink.next(a);
        return Outcome.ACCEPTED;
    }

    /** The server replays from {@code replayFrom}; steps before it that this client never saw are gone for good. */
    private Outcome resumed(int replayFrom) {
        if (replayFrom <= lastStep + 1) return Outcome.CONTINUES;
        sink.fail(new GuidestreamException(ErrorCode.CONNECTION_LOST, "the connection was down too long: steps "
                + (lastStep + 1) + ".." + (replayFrom - 1) + " left the server's replay buffer"));
        return Outcome.ABANDONED;
    }

    private Outcome step(GenerationEvent.Step s) {
        if (s.step() <= lastStep) return Outcome.CONTINUES; // replayed twice: already delivered
        if (s.step() != lastStep + 1) {
            throw new GuidestreamException(ErrorCode.PROTOCOL, "step " + s.step() + " followed step " + lastStep);
        }
        lastStep = s.step();
        sink.next(s);
        return Outcome.CONTINUES;
    }
}
