package io.guidestream.bus;

/** Error codes of the wire protocol, with the HTTP status each maps to. */
public enum ErrorCode {
    BAD_REQUEST(400), UNKNOWN_MODEL(404), CAPACITY(503), CANCELLED(499), INTERNAL(500), NOT_FOUND(404),
    FORBIDDEN(403), RATE_LIMITED(429);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
