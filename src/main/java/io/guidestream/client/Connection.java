package io.guidestream.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The one {@code /ws/generate} socket that a client's jobs share, opened on the first job and kept for the next.
 * It routes server messages to their {@link Job} (text by the {@code requestId} it chose, images by job id) and,
 * when the socket drops while jobs run, reconnects with backoff and sends each job's opening message again:
 * {@code resume} from its last delivered step once the server had accepted it, the request itself otherwise (the
 * subscriber has seen nothing of it yet). Attempts count failures in a row and reset once the new socket carries a
 * message. Confined to the client's event loop.
 */
final class Connection {
    private final Vertx vertx;
    /** Held here so that Vert.x 5 cannot collect it mid-handshake (STACK.md). */
    private final WebSocketClient client;
    private final ClientOptions options;
    private final Map<String, Job> byRequest = new LinkedHashMap<>();
    private final Map<String, Job> byJobId = new HashMap<>();
    /** Jobs disposed while the socket was down: cancelled as soon as a socket is open again. */
    private final List<String> pendingCancels = new ArrayList<>();
    private @Nullable WebSocket socket;
    private boolean connecting;
    private boolean closed;
    private int failures;
    private int opened;

    Connection(Vertx vertx, WebSocketClient client, ClientOptions options) {
        this.vertx = vertx;
        this.client = client;
        this.options = options;
    }

    void start(Job job) {
        if (job.sink().isCancelled()) return;
        if (closed) {
            job.fail(new GuidestreamException(ErrorCode.CLOSED, "the client is closed"));
            return;
        }
        byRequest.put(job.requestId(), job);
        WebSocket ws = socket;
        if (ws != null) {
            ws.writeTextMessage(job.openingMessage());
        } else {
            connect();
        }
    }

    /** The subscriber went away: forget the job and cancel it on the server (by request id until accepted). */
    void cancel(Job job) {
        if (byRequest.remove(job.requestId()) == null) return; // it ended meanwhile
        String jobId = job.jobId();
        if (jobId != null) byJobId.remove(jobId);
        WebSocket ws = socket;
        if (ws != null) {
            ws.writeTextMessage(jobId != null ? Wire.cancel(jobId) : Wire.cancelRequest(job.requestId()));
        } else if (jobId != null) {
            pendingCancels.add(jobId);
        }
        // Not accepted and no socket: the request died with the old socket, or the server abandons it after grace.
    }

    /** Fails every job with CLOSED and closes the socket. */
    void close() {
        if (closed) return;
        closed = true;
        failAll(ErrorCode.CLOSED, "the client was closed", null);
        WebSocket ws = socket;
        socket = null;
        if (ws != null) ws.close();
    }

    /** For tests: drops the socket as a network failure would, without telling any job. */
    void drop() {
        WebSocket ws = socket;
        if (ws != null) ws.close((short) 1001, "dropped for a test");
    }

    /** Sockets opened so far (for tests: 2 after one reconnect). */
    int socketsOpened() {
        return opened;
    }

    private void connect() {
        if (socket != null || connecting || closed || byRequest.isEmpty()) return;
        connecting = true;
        client.connect(options.connectOptions()).onComplete(ar -> {
            connecting = false;
            if (ar.succeeded() && closed) {
                ar.result().close();
            } else if (ar.succeeded()) {
                opened(ar.result());
            } else {
                retry(ar.cause());
            }
        });
    }

    private void retry(@Nullable Throwable cause) {
        if (closed || byRequest.isEmpty()) {
            failures = 0;
            return;
        }
        if (cause instanceof UpgradeRejectedException r && r.getStatus() >= 400 && r.getStatus() < 500) {
            // Refused, not unreachable: asking again would be refused again.
            ErrorCode code = r.getStatus() == 401 || r.getStatus() == 403 ? ErrorCode.FORBIDDEN
                    : ErrorCode.CONNECTION_LOST;
            failAll(code, options.describe() + " refused the WebSocket with HTTP " + r.getStatus(), cause);
            failures = 0;
            return;
        }
        failures++;
        if (failures > options.maxReconnectAttempts()) {
            String why = cause == null ? "the connection closed" : String.valueOf(cause.getMessage());
            failAll(ErrorCode.CONNECTION_LOST, "no connection to " + options.describe() + " after " + failures
                    + " attempts: " + why, cause);
            failures = 0;
            return;
        }
        long delay = options.backoffMillis(failures, ThreadLocalRandom.current().nextDouble());
        if (delay <= 0) {
            connect();
        } else {
            vertx.setTimer(delay, id -> connect());
        }
    }

    private void opened(WebSocket ws) {
        socket = ws;
        opened++;
        ws.textMessageHandler(text -> onText(ws, text));
        ws.binaryMessageHandler(frame -> onBinary(ws, frame));
        ws.exceptionHandler(e -> { }); // the close handler follows and decides
        ws.closeHandler(v -> onClosed(ws));
        pendingCancels.forEach(id -> ws.writeTextMessage(Wire.cancel(id)));
        pendingCancels.clear();
        for (Job job : byRequest.values()) ws.writeTextMessage(job.openingMessage());
    }

    private void onClosed(WebSocket ws) {
        if (ws != socket) return;
        socket = null;
        retry(null);
    }

    private void onText(WebSocket ws, String text) {
        if (ws != socket) return; // a late message of a socket given up on
        failures = 0;
        JsonNode m;
        try {
            m = Wire.parse(text);
        } catch (GuidestreamException e) {
            unreadable(ws, e);
            return;
        }
        Job job = byRequest.get(m.path("requestId").asText(""));
        if (job == null) job = byJobId.get(m.path("jobId").asText(""));
        if (job == null) return; // about a job this client disposed of
        switch (job.onText(m.path("type").asText(""), m)) {
            case ACCEPTED -> byJobId.put(String.valueOf(job.jobId()), job);
            case ENDED -> forget(job);
            case ABANDONED -> {
                forget(job);
                String jobId = job.jobId();
                if (jobId != null) ws.writeTextMessage(Wire.cancel(jobId));
            }
            case CONTINUES -> { }
        }
    }

    private void onBinary(WebSocket ws, Buffer frame) {
        if (ws != socket) return;
        GenerationEvent.Image image;
        try {
            image = Wire.image(frame);
        } catch (GuidestreamException e) {
            unreadable(ws, e);
            return;
        }
        Job job = byJobId.get(image.jobId());
        if (job != null) job.onImage(image);
    }

    /** A message that cannot be routed to one job corrupts them all: end them and give the socket up. */
    private void unreadable(WebSocket ws, GuidestreamException e) {
        failAll(ErrorCode.PROTOCOL, "the connection carried an unreadable message", e);
        socket = null;
        ws.close();
    }

    private void forget(Job job) {
        byRequest.remove(job.requestId());
        String jobId = job.jobId();
        if (jobId != null) byJobId.remove(jobId);
    }

    private void failAll(ErrorCode code, String message, @Nullable Throwable cause) {
        List<Job> jobs = new ArrayList<>(byRequest.values());
        byRequest.clear();
        byJobId.clear();
        for (Job job : jobs) job.fail(new GuidestreamException(code, message, cause));
    }
}
