package dev.nonstop.agent.contract;

import java.io.IOException;

/** The operating system could not spawn the process (java command missing, no permission...). */
public final class ProcessStartException extends AgentException {
    public ProcessStartException(String instanceId, IOException cause) {
        super("cannot start instance " + instanceId + ": " + cause.getMessage(), cause);
    }
}
