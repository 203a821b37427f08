package io.guidestream.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A client of one Guidestream server (docs/CLIENT.md). {@link #generate} returns a cold {@link Flowable}: each
 * subscription runs one job over the client's shared WebSocket, which opens on first use and reconnects (with
 * {@code resume}) when it drops. Cancelling the subscription cancels the job on the server. Events are emitted on
 * the client's Vert.x event loop: a subscriber that does slow work should {@code observeOn} a scheduler of its own
 * or use {@code blockingIterable()}.
 *
 * <p>Thread-safe. Close it to close the socket and, if the client created it, its Vert.x instance; jobs still
 * running then end with {@link ErrorCode#CLOSED}.
 */
public final class GuidestreamClient implements AutoCloseable {
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final Vertx vertx;
    private final boolean ownsVertx;
    /** Strongly held: Vert.x 5 may collect an unreferenced client mid-handshake (STACK.md). */
    private final WebSocketClient webSockets;
    /** For the few REST reads ({@link #evaluations}); connections are opened on first use. */
    private final HttpClient http;
    private final Context context;
    private final ClientOptions options;
    private final Connection connection;
    private final AtomicLong requestIds = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile @Nullable Future<Void> closing;

    private GuidestreamClient(Builder b) {
        this.ownsVertx = b.vertx == null;
        this.vertx = b.vertx != null ? b.vertx : Vertx.vertx();
        this.webSockets = vertx.createWebSocketClient(b.webSocketOptions);
        this.http = vertx.createHttpClient();
        this.context = vertx.getOrCreateContext();
        this.options = new ClientOptions(b.host, b.port, b.tls, b.path, b.headers, b.maxReconnectAttempts,
                b.initialBackoff, b.maxBackoff, b.connectTimeout);
        this.connection = new Connection(vertx, webSockets, options);
    }

    /**
     * A client of the server at {@code baseUri} ({@code ws://host:port}, {@code wss://…}, or {@code http(s)://…}, with
     * an optional path prefix) on a Vert.x instance of its own. The socket opens with the first job.
     */
    public static GuidestreamClient connect(URI baseUri) {
        return builder().uri(baseUri).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs {@code request} once per subscription: {@code Accepted}, then each step's {@code Step} and
     * {@code Image}s, then {@code Done} and completion; a server error ends the stream with a
     * {@link GuidestreamException}. Backpressured: steps and the final images wait for demand, while an intermediate
     * image that is still waiting when a newer one of the same kind and index arrives is dropped.
     */
    public Flowable<GenerationEvent> generate(GenerateRequestSpec request) {
        Objects.requireNonNull(request, "request");
        return Flowable.fromPublisher(subscriber -> {
            Job job = new Job("c" + requestIds.incrementAndGet(), request, subscriber,
                    j -> context.runOnContext(v -> connection.cancel(j)));
            subscriber.onSubscribe(job.sink());
            if (closed.get()) {
                job.fail(new GuidestreamException(ErrorCode.CLOSED, "the client is closed"));
            } else {
                context.runOnContext(v -> connection.start(job));
            }
        });
    }

    /**
     * The evaluations stored beside {@code model}'s default version, shipped and submitted, oldest first, each with
     * its figures in both feature spaces ({@link StoredEvaluation#features()} and {@link StoredEvaluation#second()}).
     * Fails with {@link ErrorCode#UNKNOWN_MODEL} for a model the server does not have.
     */
    public Single<List<StoredEvaluation>> evaluations(String model) {
        return evaluations(model, 0);
    }

    /** {@link #evaluations(String)} of one version ({@code version} ≥ 1; 0 means the default). */
    public Single<List<StoredEvaluation>> evaluations(String model, int version) {
        Objects.requireNonNull(model, "model");
        if (version < 0) throw new IllegalArgumentException("version must be ≥ 0 (0: the default), got " + version);
        String route = "/api/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20")
                + (version > 0 ? "?version=" + version : "");
        return Single.<List<StoredEvaluation>>create(emitter -> {
            if (closed.get()) {
                emitter.tryOnError(new GuidestreamException(ErrorCode.CLOSED, "the client is closed"));
                return;
            }
            http.request(options.get(route)).compose(request -> request.send())
                    .compose(response -> response.body().map(body -> read(response, body.toString())))
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            emitter.onSuccess(ar.result());
                        } else if (ar.cause() instanceof GuidestreamException e) {
                            emitter.tryOnError(e);
                        } else {
                            emitter.tryOnError(new GuidestreamException(ErrorCode.CONNECTION_LOST, "GET " + route
                                    + " on " + options.describe() + " failed: " + ar.cause(), ar.cause()));
                        }
                    });
        });
    }

    private static List<StoredEvaluation> read(HttpClientResponse response, String body) {
        if (response.statusCode() == 200) return EvaluationsWire.read(body);
        JsonNode error;
        try {
            error = Wire.parse(body);
        } catch (GuidestreamException e) {
            throw new GuidestreamException(ErrorCode.PROTOCOL, "HTTP " + response.statusCode() + ": " + body);
        }
        throw GuidestreamException.fromWire(error.path("code").asText("HTTP_" + response.statusCode()),
                error.path("message").asText(body));
    }

    /** Closes the socket, ends running jobs with {@link ErrorCode#CLOSED}, and closes an owned Vert.x. */
    public Future<Void> closeAsync() {
        if (closed.compareAndSet(false, true)) {
            Future<Void> shut = Future.<Void>future(p -> context.runOnContext(v -> {
                connection.close();
                Future.join(webSockets.close(), http.close()).<Void>mapEmpty().onComplete(p);
            }));
            closing = ownsVertx ? shut.eventually(vertx::close) : shut;
        }
        return Objects.requireNonNull(closing);
    }

    /** {@link #closeAsync()}, waiting for it unless called on a Vert.x thread (where waiting would deadlock). */
    @Override
    public void close() {
        Future<Void> f = closeAsync();
        if (Context.isOnVertxThread()) return;
        try {
            f.toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Closing is best effort: the socket and threads are released as far as Vert.x could.
        }
    }

    /** For tests: drops the socket as a network failure would, to exercise reconnect and resume. */
    void dropConnection() {
        context.runOnContext(v -> connection.drop());
    }

    /** For tests: how many sockets the client has opened. */
    Future<Integer> socketsOpened() {
        return Future.future(p -> context.runOnContext(v -> p.complete(connection.socketsOpened())));
    }

    /** For tests: where the client connects. */
    ClientOptions options() {
        return options;
    }

    /** Options of a {@link GuidestreamClient}; defaults: {@code localhost:8080}, no TLS, 8 reconnect attempts. */
    public static final class Builder {
        private String host = "localhost";
        private int port = 8080;
        private boolean tls;
        private String path = ClientOptions.GENERATE_PATH;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private @Nullable Vertx vertx;
        private WebSocketClientOptions webSocketOptions = defaultWebSocketOptions();
        private int maxReconnectAttempts = 8;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Duration connectTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** Host, port, TLS and path prefix from {@code ws}, {@code wss}, {@code http} or {@code https} URIs. */
        public Builder uri(URI baseUri) {
            String scheme = String.valueOf(baseUri.getScheme()).toLowerCase(java.util.Locale.ROOT);
            if (!scheme.matches("wss?|https?")) {
                throw new IllegalArgumentException("uri must be ws://, wss://, http:// or https://, got " + baseUri);
            }
            String h = baseUri.getHost();
            if (h == null) throw new IllegalArgumentException("uri has no host: " + baseUri);
            tls = scheme.equals("wss") || scheme.equals("https");
            host = h;
            port = baseUri.getPort() > 0 ? baseUri.getPort() : tls ? 443 : 80;
            String prefix = baseUri.getRawPath() == null ? "" : baseUri.getRawPath().replaceAll("/+$", "");
            path = prefix.endsWith(ClientOptions.GENERATE_PATH) ? prefix : prefix + ClientOptions.GENERATE_PATH;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** An HTTP header sent with every WebSocket handshake. */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Sends {@code Authorization: Bearer <token>} with every handshake. */
        public Builder authToken(String token) {
            return header("Authorization", "Bearer " + token);
        }

        /** Runs on this Vert.x instance (which the client then does not close) instead of one of its own. */
        public Builder vertx(Vertx vertx) {
            this.vertx = vertx;
            return this;
        }

        /** Socket options, e.g. trust stores for TLS; the default allows 16 MiB messages. */
        public Builder webSocketOptions(WebSocketClientOptions options) {
            this.webSocketOptions = options;
            return this;
        }

        /** Reconnects after a drop: {@code maxAttempts} in a row (0 = never), exponential backoff between. */
        public Builder reconnect(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
            this.maxReconnectAttempts = maxAttempts;
            this.initialBackoff = initialBackoff;
            this.maxBackoff = maxBackoff;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public GuidestreamClient build() {
            return new GuidestreamClient(this);
        }

        private static WebSocketClientOptions defaultWebSocketOptions() {
            int max = 16 * 1024 * 1024;
            return new WebSocketClientOptions().setMaxMessageSize(max).setMaxFrameSize(max);
        }
    }
}
