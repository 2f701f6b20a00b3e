package dev.nonstop.agent.contract;

/** Where an instance's process is in its life. */
public enum InstanceState {
    /** Being spawned. */
    STARTING,
    /** The process is alive (readiness is the controller's health step, not the driver's). */
    RUNNING,
    /** Asked to stop, not gone yet. */
    STOPPING,
    /** Stopped by the agent. */
    STOPPED,
    /** Exited on its own; the exit code says how. */
    EXITED,
    /** Could not be spawned. */
    FAILED;

    /** Whether the process may still be alive. */
    public boolean isLive() {
        return this == STARTING || this == RUNNING || this == STOPPING;
    }
}
