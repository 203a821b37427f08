package io.guidestream.sampling;

import io.guidestream.bus.ErrorCode;

/** A request the sampler cannot run, with the protocol error code to report. */
public final class SamplingException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public SamplingException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
