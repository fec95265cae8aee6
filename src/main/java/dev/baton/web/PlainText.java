package dev.baton.web;

/**
 * Text Baton can store and hand to the CLI. PostgreSQL's {@code text} and {@code jsonb} cannot hold a NUL
 * character (the insert fails), and an unpaired UTF-16 surrogate has no UTF-8 form (the driver silently stores
 * '?' instead); a process argument cannot hold a NUL either. Such text is refused where it enters.
 */
public final class PlainText {

    private PlainText() {
    }

    /** Why {@code text} cannot be stored, or null when it can. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain NUL characters";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode text (it has an unpaired surrogate)";
            }
        }
        return null;
    }
}
