package dev.nonstop.controller.release.state;

/** An operator command that the release's current state does not allow: {@code cannot RESUME a RUNNING release}. */
public final class IllegalCommandException extends IllegalStateException {

    private final ReleaseCommand command;
    private final ReleaseState state;

    public IllegalCommandException(ReleaseCommand command, ReleaseState state) {
        super("cannot " + command + " a " + state + " release (expected: one of " + command.legalFrom() + ")");
        this.command = command;
        this.state = state;
    }

    public ReleaseCommand command() {
        return command;
    }

    public ReleaseState state() {
        return state;
    }
}
