package io.guidestream.bus;

/**
 * An import refused (the registry unchanged).
 *
 * @param problem     the named problem ({@code io.guidestream.torchscript.ImportProblem}), e.g. {@code TRUNCATED}
 * @param message     what was found and what to do, for people
 * @param clientFault whether the file or card is at fault (422), or the host that checked them (500)
 */
public record ImportRefusal(String problem, String message, boolean clientFault) {
}
