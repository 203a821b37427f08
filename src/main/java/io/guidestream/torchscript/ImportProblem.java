package io.guidestream.torchscript;

/**
 * Why an import was refused, one name per kind of fault (docs/MODELS.md, "What an import checks"). The registry is
 * left as it was in every case: nothing is published before every check has passed.
 */
public enum ImportProblem {
    /** The card is not valid on its own: a field missing, of the wrong type or out of range (the message names it). */
    INVALID_CARD,
    /** The name already holds versions of another kind (role, image shape, value range, classes or timesteps). */
    REGISTRY_CONFLICT,
    /** The file is not the one the card's {@code sha256} names (damaged or cut short on the way). */
    DIGEST_MISMATCH,
    /** The file is a zip archive cut short: its end (the central directory) is missing. */
    TRUNCATED,
    /** The file is not a TorchScript archive PyTorch can load (a state dict, a pickle, anything else). */
    NOT_TORCHSCRIPT,
    /** A parameter of the file is NaN or infinite. */
    NON_FINITE_WEIGHTS,
    /** The network fails on inputs of the card's shapes and conventions, and on every variant tried. */
    INPUT_SHAPE,
    /** The network answers, but not with a tensor of the shape its role needs. */
    OUTPUT_SHAPE,
    /** The network works with inputs or outputs other than the card declares (the message says which). */
    CARD_CONTRADICTS_FILE,
    /** The batch size is baked into the network (a trace with a constant batch): it fails for other batch sizes. */
    FIXED_BATCH,
    /** The network's answer (or a classifier's input gradient) has NaN or infinite values. */
    NON_FINITE_OUTPUT,
    /** A classifier whose log-probabilities carry no gradient to its input: it cannot guide. */
    NO_INPUT_GRADIENT,
    /**
     * Not the file's fault: this process computes plain convolutions wrongly (oneDNN on some CPUs) and runs no
     * TorchScript network; import with the CLI, which runs where they are right.
     */
    WRONG_CONVOLUTIONS;

    /** Whether the fault lies with the file or card (else with the host that checked them). */
    public boolean clientFault() {
        return this != WRONG_CONVOLUTIONS;
    }
}
