package dev.nonstop.agent.contract;

/** Base of the agent's typed refusals (conflicts, unknown things, stale tokens). */
public abstract class AgentException extends RuntimeException {
    protected AgentException(String message) {
        super(message);
    }

    protected AgentException(String message, Throwable cause) {
        super(message, cause);
    }
}
