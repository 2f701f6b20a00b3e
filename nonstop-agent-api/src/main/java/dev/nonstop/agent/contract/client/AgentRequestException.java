package dev.nonstop.agent.contract.client;

import dev.nonstop.agent.contract.AgentException;
import dev.nonstop.common.problem.Problem;
import java.util.List;

/**
 * A remote agent refused a call in a way that has no more specific exception on the client side
 * (401, 409 conflicts, 5xx), or could not be reached. {@link #status()} is 0 when no answer came.
 */
public final class AgentRequestException extends AgentException {
    private final int status;
    private final String code;
    private final transient List<Problem> problems;

    public AgentRequestException(int status, String code, String message, List<Problem> problems) {
        super(message);
        this.status = status;
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    public AgentRequestException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.code = "unreachable";
        this.problems = List.of();
    }

    public int status() {
        return status;
    }

    /** The agent's error code ({@code artifact_conflict}, {@code instance_running}...). */
    public String code() {
        return code;
    }

    public List<Problem> problems() {
        return problems;
    }
}
