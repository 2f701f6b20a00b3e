package dev.nonstop.common.audit;

/** Text for an audit record that must fit a bounded field: cut, marked as cut, never dropped. */
public final class AuditText {
    private static final String CUT = "...";

    private AuditText() {}

    /**
     * {@code text} when it has at most {@code max} characters; else its start followed by {@code ...}, {@code max}
     * characters in all, never splitting a surrogate pair. {@code null} stays {@code null}.
     *
     * @throws IllegalArgumentException when {@code max} is below 4
     */
    public static String fit(String text, int max) {
        if (max <= CUT.length()) {
            throw new IllegalArgumentException("max: " + max + " (expected: > " + CUT.length() + ")");
        }
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - CUT.length();
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + CUT;
    }
}
