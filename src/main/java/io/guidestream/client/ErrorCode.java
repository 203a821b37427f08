package io.guidestream.client;

/**
 * Why a generation ended in error: the wire protocol's codes (docs/PROTOCOL.md, "Errors") and the few that only the
 * client can observe ({@link #CONNECTION_LOST}, {@link #CLOSED}, {@link #PROTOCOL}). A code the server adds later
 * arrives as {@link #UNKNOWN}, with the server's spelling kept in {@link GuidestreamException#wireCode()}.
 */
public enum ErrorCode {
    /** Malformed or out-of-range request; the message names the field. */
    BAD_REQUEST,
    /** The model or classifier is not in the server's registry. */
    UNKNOWN_MODEL,
    /** The sampler is full, none is reachable, or the socket runs too many jobs. */
    CAPACITY,
    /** The job was cancelled by someone else (a dispose by this client is never reported). */
    CANCELLED,
    /** A failure inside the service. */
    INTERNAL,
    /** A resumed job is unknown or expired (it ended longer ago than the server's reconnect grace period). */
    NOT_FOUND,
    /** The server refused the request (a missing or wrong access token, or writes disabled). */
    FORBIDDEN,
    /** Too many requests from this client; retry later. */
    RATE_LIMITED,
    /** Another connection resumed the job and receives it from now on. */
    MOVED,
    /** REST only (this client does not meet it): a request body over the server's limit. */
    TOO_LARGE,
    /** REST only (this client does not meet it): a request body that did not arrive in time. */
    TIMEOUT,
    /** REST only (this client does not meet it): a write whose body is not JSON. */
    UNSUPPORTED_MEDIA_TYPE,
    /** REST only (this client does not meet it): an uploaded model refused for a named problem. */
    INVALID_MODEL,
    /** The connection dropped and could not be re-established, or steps were lost while it was down. */
    CONNECTION_LOST,
    /** The client was closed while the job ran. */
    CLOSED,
    /** The server sent something this client cannot read. */
    PROTOCOL,
    /** A server code this client version does not know. */
    UNKNOWN;

    /** The code for the server's spelling, {@link #UNKNOWN} for a code this client does not know. */
    public static ErrorCode fromWire(String code) {
        for (ErrorCode c : values()) {
            if (c.name().equals(code)) return c;
        }
        return UNKNOWN;
    }
}
