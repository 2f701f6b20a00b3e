package dev.nonstop.controller.release.spec;

import java.util.Locale;
import java.util.Optional;

/** Whether a gray release waits for an operator ({@code nonstop release approve}) after each passed gate. */
public enum Approval {
    /** The next step starts as soon as the gate passed. */
    NONE,
    /** After each passed gate the release waits until an operator approves it. */
    MANUAL;

    /** What an approval looks like, for {@code (expected: ...)} messages. */
    public static final String EXPECTED = "manual or none";

    public static Optional<Approval> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "manual" -> Optional.of(MANUAL);
            case "none" -> Optional.of(NONE);
            default -> Optional.empty();
        };
    }

    /** The name in JSON and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
