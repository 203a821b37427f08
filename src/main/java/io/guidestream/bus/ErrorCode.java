package io.guidestream.bus;

/** Error codes of the wire protocol (docs/PROTOCOL.md, "Errors"), with the HTTP status each maps to. */
public enum ErrorCode {
    BAD_REQUEST(400), UNKNOWN_MODEL(404), CAPACITY(503), CANCELLED(499), INTERNAL(500), NOT_FOUND(404),
    FORBIDDEN(403), RATE_LIMITED(429),
    /** A {@code resume} from another connection took the job over; the first one no longer receives it. */
    MOVED(409),
    /** A request body over {@code limits.maxBodyBytes}. */
    TOO_LARGE(413),
    /** A request body that did not arrive within {@code limits.bodyTimeoutMs}. */
    TIMEOUT(408),
    /** A write whose body is not {@code application/json} (or, for an upload, {@code application/octet-stream}). */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** An uploaded model that is refused for a named problem (a bad file, or a card that does not fit it). */
    INVALID_MODEL(422);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
