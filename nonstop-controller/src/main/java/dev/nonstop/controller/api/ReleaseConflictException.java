package dev.nonstop.controller.api;

import dev.nonstop.controller.store.Release;

/** A release was asked for while another release of the same app is not settled: {@code 409} from the API. */
public final class ReleaseConflictException extends RuntimeException {
    private final transient Release running;

    public ReleaseConflictException(Release running) {
        super("app " + running.app() + " has a release in progress: " + running.id() + " (" + running.state() + ", "
                + running.fromVersion() + " -> " + running.toVersion() + "); wait for it to settle, or abort it");
        this.running = running;
    }

    /** The release in progress. */
    public Release running() {
        return running;
    }
}
