package dev.nonstop.agent.contract;

/** A start refused because an instance with that id is still live; stop it first. */
public final class InstanceAlreadyRunningException extends AgentException {
    public InstanceAlreadyRunningException(String instanceId, InstanceState state, long pid) {
        super("instance " + instanceId + " is " + state + " (pid " + pid + ") (expected: stop it first)");
    }
}
