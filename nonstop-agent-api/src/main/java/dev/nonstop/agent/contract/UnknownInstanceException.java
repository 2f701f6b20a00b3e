package dev.nonstop.agent.contract;

/** No instance with that id was started by this agent. */
public final class UnknownInstanceException extends AgentException {
    public UnknownInstanceException(String instanceId) {
        super("unknown instance " + instanceId);
    }
}
