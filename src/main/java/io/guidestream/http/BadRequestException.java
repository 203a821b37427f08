package io.guidestream.http;

/** Input that fails validation at the edge. The message names the field and the allowed range. */
public final class BadRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(message);
    }
}
