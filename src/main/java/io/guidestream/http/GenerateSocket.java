package io.guidestream.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.StepFrame;
import io.guidestream.config.LimitsConfig;
import io.guidestream.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * One {@code /ws/generate} connection: parses client messages and starts, cancels and resumes jobs in the
 * {@link JobHub}, whose streams write back through this link. Bad input gets an {@code error} and never touches other
 * jobs on the socket. Previews go through a {@link PreviewGate}, so a slow client loses intermediate previews but
 * never step metadata, final images or {@code done}.
 */
final class GenerateSocket implements JobStream.ClientLink {
    private final ServerWebSocket ws;
    private final LimitsConfig limits;
    private final GatewayMetrics metrics;
    private final JobHub hub;
    private final String client;
    private final PreviewGate previews;
    private final RateLimiter rates;
    private final SocketServices services;
    private final Set<String> jobs = new LinkedHashSet<>();
    private boolean closed;

    /** @param client who is asking (the remote address): the unit of the per-client limits */
    GenerateSocket(ServerWebSocket ws, SocketServices services, String client) {
        this.ws = ws;
        this.services = services;
        this.client = client;
        this.limits = services.limits();
        this.metrics = services.metrics();
        this.hub = services.hub();
        this.rates = services.rates();
        this.previews = new PreviewGate(ws, metrics, limits.slowClientTimeoutMs(), this::onClose);
    }

    void start() {
        metrics.socketOpened();
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(b -> sendError("", null, ErrorCode.BAD_REQUEST,
                "binary messages are not accepted; send JSON text messages"));
        ws.closeHandler(v -> onClose());
        ws.exceptionHandler(this::onFailure);
    }

    private void onText(String text) {
        if (!rates.tryAcquire(client)) {
            metrics.jobRejected("rate_limit");
            sendError("", null, ErrorCode.RATE_LIMITED, "at most " + rates.rate() + " messages per second per client"
                    + " (limits.requestsPerSecond)");
            return;
        }
        if (text.length() > limits.maxMessageBytes()
                || text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > limits.maxMessageBytes()) {
            sendError("", null, ErrorCode.BAD_REQUEST, "message too large: at most " + limits.maxMessageBytes()
                    + " bytes (limits.maxMessageBytes)");
            return;
        }
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
            String t = type != null && type.isTextual() ? type.textValue() : "";
            switch (t) {
                case "generate" -> onGenerate(msg, requestId);
                case "cancel" -> onCancel(msg);
                case "resume" -> onResume(msg, requestId);
                default -> throw new BadRequestException("type must be one of generate, cancel, resume; got "
                        + (type == null ? "nothing" : type.toString()));
            }
        } catch (BadRequestException e) {
            sendError(requestId, null, ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    private void onGenerate(JsonNode msg, String requestId) {
        if (jobs.size() >= limits.maxJobsPerSocket()) {
            metrics.jobRejected("socket_limit");
            sendError(requestId, null, ErrorCode.CAPACITY, "at most " + limits.maxJobsPerSocket()
                    + " concurrent jobs per connection");
            return;
        }
        GenerateRequest.Parsed parsed = GenerateRequest.parse(msg, "j-" + UUID.randomUUID(), hub.replyAddress(),
                new GenerateRequest.Limits(limits.maxSteps(), limits.maxBatch()));
        if (hub.start(parsed, this, client).isEmpty()) {
            metrics.jobRejected("client_limit");
            sendError(requestId, null, ErrorCode.CAPACITY, "at most " + hub.clientLimit() + " concurrent jobs per"
                    + " client (limits.maxJobsPerClient); wait for one to end or cancel one");
            return;
        }
        jobs.add(parsed.command().jobId());
    }

    private void onCancel(JsonNode msg) {
        Fields f = new Fields(msg, "");
        f.string("type", null, 16);
        String requestId = f.string("requestId", "", 128);
        String jobId = f.string("jobId", "", 128);
        f.rejectUnknown();
        if (requestId.isEmpty() && jobId.isEmpty()) throw new BadRequestException("cancel needs requestId or jobId");
        for (String id : jobs) {
            JobStream s = hub.find(id);
            if (s != null && (id.equals(jobId) || (!requestId.isEmpty() && s.requestId.equals(requestId)))) {
                hub.cancel(s);
                return;
            }
        }
        throw new BadRequestException("no running job with " + (jobId.isEmpty() ? "requestId " + requestId
                : "jobId " + jobId));
    }

    /**
     * {@code {"type":"resume","jobId":"j-…","lastStep":12}}: re-attach a job whose socket dropped. The job then counts
     * against this client; a connection that still watched it gets {@code MOVED}.
     */
    private void onResume(JsonNode msg, String requestId) {
        Fields f = new Fields(msg, "");
        f.string("type", null, 16);
        f.string("requestId", "", 128);
        String jobId = f.string("jobId", null, 128);
        int lastStep = (int) f.integer("lastStep", 0, 0, limits.maxSteps());
        f.rejectUnknown();
        JobStream s = hub.find(jobId);
        if (s == null) {
            sendError(requestId, jobId, ErrorCode.NOT_FOUND, "no job " + jobId + " to resume (unknown, or ended"
                    + " longer ago than the reconnect grace period)");
            return;
        }
        if (!jobs.contains(jobId) && jobs.size() >= limits.maxJobsPerSocket()) {
            sendError(requestId, jobId, ErrorCode.CAPACITY, "at most " + limits.maxJobsPerSocket()
                    + " concurrent jobs per connection");
            return;
        }
        if (!hub.resume(s, this, client, lastStep)) {
            sendError(requestId, jobId, ErrorCode.CAPACITY, "at most " + hub.clientLimit() + " concurrent jobs per"
                    + " client (limits.maxJobsPerClient); resuming " + jobId + " would exceed it");
            return;
        }
        jobs.add(jobId);
    }

    /**
     * The connection failed under us, typically a message far over {@code limits.maxMessageBytes} that Vert.x refused
     * to buffer: the socket closes (1009, or 1011 for anything else); its jobs are detached like on any close.
     */
    private void onFailure(Throwable e) {
        if (ws.isClosed()) return;
        String reason = String.valueOf(e.getMessage());
        if (reason.contains("size")) ws.close((short) 1009, "message too large (limits.maxMessageBytes)");
        else ws.close((short) 1011, "connection failed");
    }

    /** The socket closed, or was cut off as too slow (then this runs twice: the first call does the work). */
    private void onClose() {
        if (closed) return;
        closed = true;
        services.connections().closed(ws);
        metrics.socketClosed();
        hub.detach(this);
        jobs.clear();
    }

    @Override
    public void text(String json) {
        if (!closed) ws.writeTextMessage(json);
    }

    @Override
    public void frame(StepFrame f) {
        if (!closed) previews.offer(f);
    }

    @Override
    public void image(Buffer frame) {
        if (!closed) ws.write(frame);
    }

    @Override
    public void jobEnded(String jobId) {
        jobs.remove(jobId);
    }

    /** Every refusal at this edge ends here; bad requests are counted like the sampler's ({@code bad_request}). */
    private void sendError(String requestId, String jobId, ErrorCode code, String message) {
        if (code == ErrorCode.BAD_REQUEST) metrics.jobRejected("bad_request");
        text(WireFormat.error(requestId, jobId, code, message));
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
