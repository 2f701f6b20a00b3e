package dev.nonstop.agent.api;

import dev.nonstop.agent.Caller;
import dev.nonstop.agent.contract.InvalidInputException;
import dev.nonstop.common.fencing.Fence;
import dev.nonstop.common.fencing.InvalidFenceException;
import dev.nonstop.common.http.ControlRequest;

/**
 * Reads a mutation's fencing headers, the one place the agent API does: {@value Fence#RELEASE_HEADER} and
 * {@value Fence#TOKEN_HEADER}, both or neither. The agent checks the {@link Fence} against the highest token it has
 * seen for the release ({@link dev.nonstop.agent.Agent#as}).
 */
final class AgentFencing {
    private AgentFencing() {}

    /**
     * The token's owner, the controller, with the fence of the request's headers.
     *
     * @throws InvalidInputException naming each malformed header
     */
    static Caller caller(ControlRequest request) {
        try {
            return new Caller(
                    AgentApiHandler.TOKEN_OWNER,
                    Fence.fromHeaders(
                            request.headers().get(Fence.RELEASE_HEADER),
                            request.headers().get(Fence.TOKEN_HEADER)));
        } catch (InvalidFenceException e) {
            throw new InvalidInputException(e.problems());
        }
    }
}
