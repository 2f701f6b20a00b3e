package dev.nonstop.controller.release.state;

/**
 * A move that the transition table does not allow: {@code illegal transition: DRAINING -> HEALTHY}. Used by both
 * machines, so {@link #from()} and {@link #to()} are an {@link InstanceStep} pair or a {@link ReleaseState} pair.
 */
public final class IllegalTransitionException extends IllegalStateException {

    private final Enum<?> from;
    private final Enum<?> to;

    public IllegalTransitionException(Enum<?> from, Enum<?> to) {
        this(from, to, "");
    }

    public IllegalTransitionException(Enum<?> from, Enum<?> to, String context) {
        super("illegal transition: " + from + " -> " + to + (context.isEmpty() ? "" : " (" + context + ")"));
        this.from = from;
        this.to = to;
    }

    public Enum<?> from() {
        return from;
    }

    public Enum<?> to() {
        return to;
    }
}
