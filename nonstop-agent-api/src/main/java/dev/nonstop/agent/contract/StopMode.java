package dev.nonstop.agent.contract;

/** How a stop ended. */
public enum StopMode {
    /** The process exited after SIGTERM within the timeout. */
    GRACEFUL,
    /** The process outlived the timeout and was killed with SIGKILL. */
    KILLED,
    /** There was nothing to stop: it had exited, been stopped, or never spawned. */
    ALREADY_STOPPED
}
