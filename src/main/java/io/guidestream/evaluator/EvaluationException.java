package io.guidestream.evaluator;

import io.guidestream.bus.ErrorCode;

/** An evaluation that cannot run (unknown model, wrong role, labels out of range, a failed chunk), with its code. */
public final class EvaluationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public EvaluationException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
