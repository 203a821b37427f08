package io.guidestream.perf;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.util.Arrays;

/**
 * One load-generating WebSocket client: submits a generation, waits for its {@code done}, submits the next, until
 * told to stop; then finishes the job in flight. It notes the gap between consecutive {@code step} messages of a job
 * (arrival times) and counts completed jobs, images and errors. It reads only each message's leading {@code type}
 * (the server writes it first) so that the client spends as little of the shared CPU as it can. A verticle, so that
 * clients spread over the event loops; its state is touched on its own context only, and the owner reads it after
 * {@link #finished()} completes.
 */
final class WsLoadClient extends AbstractVerticle {
    private final int port;
    private final String generate;
    private final int id;
    /** Held for the connection's life: Vert.x 5 can collect an unreferenced client mid-handshake (STACK.md). */
    private WebSocketClient client;
    private WebSocket ws;
    private final Promise<Void> finished = Promise.promise();
    private boolean stopping;
    private boolean inFlight;
    private int sent;
    private long lastStep;
    private double[] gaps = new double[256];
    int gapCount;
    long steps;
    /** Step messages in the window and after it (the last jobs draining). */
    long stepsAll;
    int jobsDone;
    int jobsInWindow;
    long images;
    long imagesInWindow;
    int errors;
    String firstError;

    /** @param generate the generate message, with {@code %s} where the request id goes */
    WsLoadClient(int port, int id, String generate) {
        this.port = port;
        this.id = id;
        this.generate = generate;
    }

    /** Deployment connects; it fails if the connection does. */
    @Override
    public void start(Promise<Void> connected) {
        client = vertx.createWebSocketClient();
        client.connect(port, "127.0.0.1", "/ws/generate").<Void>map(socket -> {
            ws = socket;
            socket.textMessageHandler(this::onText);
            socket.binaryMessageHandler(b -> images++);
            socket.exceptionHandler(e -> error("socket: " + e));
            socket.closeHandler(c -> {
                if (!stopping || inFlight) error("socket closed by the server");
                finished.tryComplete();
            });
            return null;
        }).onComplete(connected);
    }

    /** Starts submitting, back to back. */
    void begin() {
        context.runOnContext(v -> submit());
    }

    /**
     * No new jobs after the one in flight. The window's figures (jobs, steps, images, step gaps) stop here; the last
     * job only drains, with fewer jobs beside it.
     */
    void end() {
        context.runOnContext(v -> {
            stopping = true;
            jobsInWindow = jobsDone;
            imagesInWindow = images;
            if (!inFlight) finished.tryComplete();
        });
    }

    Future<Void> finished() {
        return finished.future();
    }

    double[] gaps() {
        return Arrays.copyOf(gaps, gapCount);
    }

    /** Undeploying closes the socket and the client. */
    @Override
    public void stop(Promise<Void> stopped) {
        Future<Void> socket = ws == null || ws.isClosed() ? Future.succeededFuture() : ws.close();
        socket.eventually(() -> client.close()).onComplete(stopped);
    }

    private void submit() {
        if (stopping) {
            finished.tryComplete();
            return;
        }
        inFlight = true;
        lastStep = 0;
        ws.writeTextMessage(String.format(generate, "c" + id + "-" + sent++));
    }

    private void onText(String text) {
        if (text.startsWith("{\"type\":\"step\"")) {
            long now = System.nanoTime();
            stepsAll++;
            if (!stopping) steps++;
            if (lastStep != 0 && !stopping) addGap((now - lastStep) / 1e6);
            lastStep = now;
        } else if (text.startsWith("{\"type\":\"done\"")) {
            jobsDone++;
            inFlight = false;
            submit();
        } else if (text.startsWith("{\"type\":\"error\"")) {
            error(text);
            inFlight = false;
            vertx.setTimer(100, t -> submit()); // no tight loop on a refusal
        } else if (!text.startsWith("{\"type\":\"accepted\"")) {
            error("unexpected message: " + text);
        }
    }

    private void addGap(double ms) {
        if (gapCount == gaps.length) gaps = Arrays.copyOf(gaps, gaps.length * 2);
        gaps[gapCount++] = ms;
    }

    private void error(String what) {
        errors++;
        if (firstError == null) firstError = what.length() > 300 ? what.substring(0, 300) : what;
    }
}
