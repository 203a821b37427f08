package io.guidestream.registry;

/** A request named a model (or version) the registry does not hold. */
public final class UnknownModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownModelException(String message) {
        super(message);
    }
}
