package io.guidestream.util;

/**
 * A failure in words for an error message: its message, or its type where it has none (an {@code EOFException} or a
 * {@code NullPointerException} says nothing), followed by its causes'. Never the word "null".
 */
public final class FailureReason {
    private static final int MAX_CAUSES = 3;

    private FailureReason() {
    }

    public static String of(Throwable t) {
        StringBuilder b = new StringBuilder(one(t));
        Throwable cause = t.getCause();
        for (int i = 0; cause != null && cause != t && i < MAX_CAUSES; i++, cause = cause.getCause()) {
            String text = one(cause);
            if (!b.toString().contains(text)) b.append(" (caused by ").append(text).append(')');
        }
        return b.toString();
    }

    private static String one(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
