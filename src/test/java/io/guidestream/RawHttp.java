package io.guidestream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A plain TCP connection that speaks HTTP by hand, for what a well-behaved client never does: a foreign {@code Host},
 * headers that trickle in, a body that never comes, a WebSocket that answers no ping.
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Connects to {@code 127.0.0.1:port}. */
    public static RawHttp open(int port) throws IOException {
        return open(port, null);
    }

    /** Connects from a chosen loopback address ({@code 127.0.0.2} is another client of the same machine). */
    public static RawHttp open(int port, String localAddress) throws IOException {
        Socket s = new Socket();
        if (localAddress != null) s.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new RawHttp(s);
    }

    /** One whole request: method, path, {@code Host}, extra header lines ("Name: value"), and a body (or null). */
    public static String request(String method, String path, String host, String body, String... headers) {
        StringBuilder b = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append("\r\n");
        for (String h : headers) b.append(h).append("\r\n");
        if (body != null) b.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        b.append("\r\n");
        if (body != null) b.append(body);
        return b.toString();
    }

    /** A WebSocket handshake for {@code path} with the given {@code Host} and {@code Origin} (null: none). */
    public static String webSocketHandshake(String path, String host, String origin) {
        return request("GET", path, host, null, "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13")
                .replace("\r\n\r\n", origin == null ? "\r\n\r\n" : "\r\nOrigin: " + origin + "\r\n\r\n");
    }

    public RawHttp sendBytes(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    public RawHttp send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return this;
    }

    /** The status code of the response (reads its head only). */
    public int status(long timeoutMs) throws IOException {
        String head = head(timeoutMs);
        return Integer.parseInt(head.substring(9, 12));
    }

    /** The response's head: status line and headers, up to the blank line. */
    public String head(long timeoutMs) throws IOException {
        socket.setSoTimeout((int) timeoutMs);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (!out.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("closed before a response head; got '" + out + "'");
            out.write(b);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Everything that arrives until the server closes the connection (at most {@code timeoutMs}). */
    public String readToClose(long timeoutMs) throws IOException {
        socket.setSoTimeout((int) timeoutMs);
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Whether the server closed the connection within {@code timeoutMs}, discarding whatever it sent first. */
    public boolean closedWithin(long timeoutMs) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        try {
            while (true) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) return false;
                socket.setSoTimeout((int) left);
                if (in.read() < 0) return true;
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
