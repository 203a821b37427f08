package io.guidestream.client;

import org.jspecify.annotations.Nullable;

/**
 * A generation that ended in error, as the terminal signal of its {@code Flowable}. Unchecked, so that Kotlin and
 * lambdas need no ceremony; {@link #code()} says what went wrong without parsing the message.
 */
public final class GuidestreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String wireCode;

    public GuidestreamException(ErrorCode code, String message) {
        this(code, code.name(), message, null);
    }

    public GuidestreamException(ErrorCode code, String message, @Nullable Throwable cause) {
        this(code, code.name(), message, cause);
    }

    GuidestreamException(ErrorCode code, String wireCode, String message,
            @Nullable Throwable cause) {
        super(wireCode + ": " + message, cause);
        this.code = code;
        this.wireCode = wireCode;
    }

    /** An {@code error} message from the server. */
    static GuidestreamException fromWire(String wireCode, String message) {
        return new GuidestreamException(ErrorCode.fromWire(wireCode), wireCode, message, null);
    }

    public ErrorCode code() {
        return code;
    }

    /** The code as the server spelt it (differs from {@code code().name()} only for {@link ErrorCode#UNKNOWN}). */
    public String wireCode() {
        return wireCode;
    }
}
