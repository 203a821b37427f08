package io.guidestream.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.app.AppConfig;
import io.guidestream.bus.Addresses;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.StepFrame;
import io.guidestream.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.ServerWebSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One {@code /ws/generate} connection: parses client messages, starts and cancels jobs over the event bus, and
 * relays each job's frames. Bad input gets an {@code error} and never touches other jobs on the socket. A closed
 * socket cancels its jobs. Previews go through a {@link PreviewGate}, so a slow client loses intermediate previews
 * but never step metadata, final images or {@code done}.
 */
final class GenerateSocket {
    private static final long SAMPLER_TIMEOUT_MS = 30_000;

    private final Vertx vertx;
    private final ServerWebSocket ws;
    private final AppConfig.Limits limits;
    private final GatewayMetrics metrics;
    private final PreviewGate previews;
    private final Map<String, ActiveJob> jobs = new LinkedHashMap<>();
    private boolean closed;

    /** A job of this socket: the client's request id and the consumer of the job's frames. */
    private static final class ActiveJob {
        final String requestId;
        final GenerateCommand command;
        final MessageConsumer<Object> consumer;
        boolean accepted;
        final java.util.List<Object> early = new java.util.ArrayList<>();

        ActiveJob(String requestId, GenerateCommand command, MessageConsumer<Object> consumer) {
            this.requestId = requestId;
            this.command = command;
            this.consumer = consumer;
        }
    }

    GenerateSocket(Vertx vertx, ServerWebSocket ws, AppConfig.Limits limits, GatewayMetrics metrics) {
        this.vertx = vertx;
        this.ws = ws;
        this.limits = limits;
        this.metrics = metrics;
        this.previews = new PreviewGate(ws, metrics);
    }

    void start() {
        metrics.socketOpened();
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(b -> sendError("", null, ErrorCode.BAD_REQUEST,
                "binary messages are not accepted; send JSON text messages"));
        ws.closeHandler(v -> onClose());
        ws.exceptionHandler(e -> { });
    }

    private void onText(String text) {
        JsonNode msg;
        try {
            msg = Json.MAPPER.readTree(text);
        } catch (Exception e) {
            sendError("", null, ErrorCode.BAD_REQUEST, "malformed JSON: " + firstLine(e.getMessage()));
            return;
        }
        String requestId = msg != null && msg.path("requestId").isTextual() ? msg.get("requestId").textValue() : "";
        if (requestId.length() > 128) requestId = requestId.substring(0, 128);
        try {
            if (msg == null || !msg.isObject()) throw new BadRequestException("a message must be a JSON object");
            JsonNode type = msg.get("type");
            String t = type != null && type.isTextual() ? type.textValue() : null;
            if ("generate".equals(t)) {
                onGenerate(msg);
            } else if ("cancel".equals(t)) {
                onCancel(msg);
            } else {
                throw new BadRequestException("type must be one of generate, cancel; got "
                        + (type == null ? "nothing" : type.toString()));
            }
        } catch (BadRequestException e) {
            sendError(requestId, null, ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    private void onGenerate(JsonNode msg) {
        if (jobs.size() >= limits.maxJobsPerSocket()) {
            String rid = msg.path("requestId").asText("");
            sendError(rid, null, ErrorCode.CAPACITY, "at most " + limits.maxJobsPerSocket()
                    + " concurrent jobs per connection");
            return;
        }
        String jobId = "j-" + UUID.randomUUID();
        GenerateRequest.Parsed parsed = GenerateRequest.parse(msg, jobId,
                new GenerateRequest.Limits(limits.maxSteps(), limits.maxBatch()));
        MessageConsumer<Object> consumer = vertx.eventBus().consumer(Addresses.job(jobId), this::onJobMessage);
        ActiveJob job = new ActiveJob(parsed.requestId(), parsed.command(), consumer);
        jobs.put(jobId, job);
        consumer.completion().onComplete(registered -> vertx.eventBus()
                .<Object>request(Addresses.GENERATE, parsed.command(),
                        new DeliveryOptions().setSendTimeout(SAMPLER_TIMEOUT_MS))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        finish(jobId);
                        sendError(job.requestId, jobId, errorFor(ar.cause()), samplerFailure(ar.cause()));
                    } else if (ar.result().body() instanceof JobEvent.Failed f) {
                        finish(jobId);
                        sendError(job.requestId, jobId, f.code(), f.message());
                    } else if (ar.result().body() instanceof JobEvent.Accepted a) {
                        onAccepted(job, a);
                    }
                }));
    }

    private void onAccepted(ActiveJob job, JobEvent.Accepted a) {
        if (closed) {
            vertx.eventBus().publish(Addresses.CANCEL, a.jobId());
            return;
        }
        metrics.jobStarted();
        write(WireFormat.accepted(job.requestId, a, job.command.seed()));
        job.accepted = true;
        for (Object early : job.early) relay(job, early);
        job.early.clear();
    }

    private void onJobMessage(Message<Object> m) {
        ActiveJob job = jobs.get(m.address().substring("gs.job.".length()));
        if (job == null) return;
        if (!job.accepted) {
            job.early.add(m.body());
            return;
        }
        relay(job, m.body());
    }

    private void relay(ActiveJob job, Object body) {
        String jobId = job.command.jobId();
        if (body instanceof StepFrame f) {
            write(WireFormat.step(job.requestId, f));
            previews.offer(f);
        } else if (body instanceof JobEvent.Done d) {
            finish(jobId);
            metrics.jobEnded("done");
            write(WireFormat.done(job.requestId, d));
        } else if (body instanceof JobEvent.Failed f) {
            finish(jobId);
            metrics.jobEnded(f.code() == ErrorCode.CANCELLED ? "cancelled" : "failed");
            sendError(job.requestId, jobId, f.code(), f.message());
        }
    }

    private void onCancel(JsonNode msg) {
        Fields f = new Fields(msg, "");
        f.string("type", null, 16);
        String requestId = f.string("requestId", "", 128);
        String jobId = f.string("jobId", "", 128);
        f.rejectUnknown();
        if (requestId.isEmpty() && jobId.isEmpty()) throw new BadRequestException("cancel needs requestId or jobId");
        for (ActiveJob job : jobs.values()) {
            if (job.command.jobId().equals(jobId) || (!requestId.isEmpty() && job.requestId.equals(requestId))) {
                vertx.eventBus().publish(Addresses.CANCEL, job.command.jobId());
                return;
            }
        }
        throw new BadRequestException("no running job with " + (jobId.isEmpty() ? "requestId " + requestId
                : "jobId " + jobId));
    }

    private void finish(String jobId) {
        ActiveJob job = jobs.remove(jobId);
        if (job != null) job.consumer.unregister();
    }

    private void onClose() {
        closed = true;
        metrics.socketClosed();
        for (String jobId : java.util.List.copyOf(jobs.keySet())) {
            vertx.eventBus().publish(Addresses.CANCEL, jobId);
            metrics.jobEnded("disconnected");
            finish(jobId);
        }
    }

    private void sendError(String requestId, String jobId, ErrorCode code, String message) {
        write(WireFormat.error(requestId, jobId, code, message));
    }

    private void write(String text) {
        if (!closed) ws.writeTextMessage(text);
    }

    private static ErrorCode errorFor(Throwable t) {
        if (t instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS) return ErrorCode.CAPACITY;
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

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
