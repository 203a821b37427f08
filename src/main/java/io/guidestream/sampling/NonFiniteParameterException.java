package io.guidestream.sampling;

import java.io.IOException;

/** A model's weights hold NaN or infinite values: loading refuses it, naming the parameter. */
public final class NonFiniteParameterException extends IOException {
    private static final long serialVersionUID = 1L;

    public NonFiniteParameterException(String message) {
        super(message);
    }
}
