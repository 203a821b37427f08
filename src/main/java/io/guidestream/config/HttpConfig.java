package io.guidestream.config;

/**
 * {@code http}: the gateway's server.
 *
 * @param host                    bind address
 * @param port                    HTTP port (0 = any free port)
 * @param webRoot                 folder of the web app
 * @param trustForwardedHeaders   take the client address from {@code X-Forwarded-For} (only behind a proxy that
 *                                sets it, such as the Kubernetes Ingress; otherwise clients could pick their own)
 * @param maxConnectionsPerClient most open connections of one client address (behind a trusted proxy, whose
 *                                address all connections share: most WebSockets of one forwarded client)
 * @param idleTimeoutMs           a connection that sends nothing for this long is closed (WebSockets are pinged
 *                                three times as often, so a live client's pong keeps them open)
 * @param headersTimeoutMs        a request's headers must be complete this long after its connection opened (or,
 *                                talking to clients directly, after the previous response on it ended)
 * @param bodyTimeoutMs           a request's body must be complete this long after its headers
 * @param maxBodyBytes            largest REST request body; a larger declared Content-Length is refused at once
 * @param maxUploadBytes          largest model upload ({@code POST /api/models/{name}/versions}), held in memory
 *                                until it is whole
 * @param uploadTimeoutMs         a model upload's body must be complete this long after its headers
 */
public record HttpConfig(String host, int port, String webRoot, boolean trustForwardedHeaders,
        int maxConnectionsPerClient, long idleTimeoutMs, long headersTimeoutMs, long bodyTimeoutMs,
        int maxBodyBytes, int maxUploadBytes, long uploadTimeoutMs) {
    public HttpConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("http.port must be 0..65535, got " + port);
        if (maxConnectionsPerClient < 1) throw new IllegalArgumentException("http.maxConnectionsPerClient must be >= 1");
        requireMs("http.idleTimeoutMs", idleTimeoutMs);
        requireMs("http.headersTimeoutMs", headersTimeoutMs);
        requireMs("http.bodyTimeoutMs", bodyTimeoutMs);
        requireMs("http.uploadTimeoutMs", uploadTimeoutMs);
        if (maxBodyBytes < 1024 || maxBodyBytes > 16 << 20) {
            throw new IllegalArgumentException("http.maxBodyBytes must be 1024..16777216, got " + maxBodyBytes);
        }
        if (maxUploadBytes < 1024 || maxUploadBytes > 1 << 30) {
            throw new IllegalArgumentException("http.maxUploadBytes must be 1024..1073741824, got " + maxUploadBytes);
        }
    }

    private static void requireMs(String key, long ms) {
        if (ms < 100 || ms > 3_600_000) throw new IllegalArgumentException(key + " must be 100..3600000, got " + ms);
    }

    public static HttpConfig defaults() {
        return new HttpConfig("0.0.0.0", 8080, "webapp", false, 32, 90_000, 10_000, 30_000, 64 * 1024, 256 << 20,
                600_000);
    }

    public HttpConfig withAddress(String newHost, int newPort) {
        return new HttpConfig(newHost, newPort, webRoot, trustForwardedHeaders, maxConnectionsPerClient,
                idleTimeoutMs, headersTimeoutMs, bodyTimeoutMs, maxBodyBytes, maxUploadBytes, uploadTimeoutMs);
    }

    public HttpConfig withTrustForwardedHeaders(boolean trust) {
        return new HttpConfig(host, port, webRoot, trust, maxConnectionsPerClient, idleTimeoutMs, headersTimeoutMs,
                bodyTimeoutMs, maxBodyBytes, maxUploadBytes, uploadTimeoutMs);
    }

    public HttpConfig withMaxConnectionsPerClient(int n) {
        return new HttpConfig(host, port, webRoot, trustForwardedHeaders, n, idleTimeoutMs, headersTimeoutMs,
                bodyTimeoutMs, maxBodyBytes, maxUploadBytes, uploadTimeoutMs);
    }

    public HttpConfig withTimeouts(long idleMs, long headersMs, long bodyMs) {
        return new HttpConfig(host, port, webRoot, trustForwardedHeaders, maxConnectionsPerClient, idleMs, headersMs,
                bodyMs, maxBodyBytes, maxUploadBytes, uploadTimeoutMs);
    }

    public HttpConfig withMaxUploadBytes(int bytes) {
        return new HttpConfig(host, port, webRoot, trustForwardedHeaders, maxConnectionsPerClient, idleTimeoutMs,
                headersTimeoutMs, bodyTimeoutMs, maxBodyBytes, bytes, uploadTimeoutMs);
    }
}
