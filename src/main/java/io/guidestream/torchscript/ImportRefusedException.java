package io.guidestream.torchscript;

/** An import refused for a named {@link ImportProblem}; the message says what was found and what to do. */
public final class ImportRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ImportProblem problem;

    public ImportRefusedException(ImportProblem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public ImportProblem problem() {
        return problem;
    }
}
