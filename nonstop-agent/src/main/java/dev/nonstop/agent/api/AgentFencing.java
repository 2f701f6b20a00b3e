package dev.nonstop.agent.api;

import dev.nonstop.agent.Caller;
import dev.nonstop.agent.Fence;
import dev.nonstop.agent.InvalidInputException;
import dev.nonstop.agent.Problem;
import io.netty.handler.codec.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a mutation's fencing headers, the one place the agent API does: {@value AgentApiHandler#RELEASE_HEADER} and
 * {@value AgentApiHandler#FENCING_TOKEN_HEADER}, both or neither. The agent checks the {@link Fence} against the
 * highest token it has seen for the release ({@link dev.nonstop.agent.Agent#as}).
 */
final class AgentFencing {
    private AgentFencing() {}

    /**
     * The token's owner, the controller, with the fence of the request's headers.
     *
     * @throws InvalidInputException naming each malformed header
     */
    static Caller caller(HttpRequest request) {
        String release = request.headers().get(AgentApiHandler.RELEASE_HEADER);
        String token = request.headers().get(AgentApiHandler.FENCING_TOKEN_HEADER);
        if (release == null && token == null) {
            return new Caller(AgentApiHandler.TOKEN_OWNER, Optional.empty());
        }
        List<Problem> problems = new ArrayList<>();
        if (release == null || release.isBlank()) {
            problems.add(Problem.of(
                    AgentApiHandler.RELEASE_HEADER,
                    release,
                    "a release id along with " + AgentApiHandler.FENCING_TOKEN_HEADER));
        }
        long value = 0;
        try {
            value = Long.parseLong(token == null ? "" : token.strip());
        } catch (NumberFormatException e) {
            problems.add(Problem.of(
                    AgentApiHandler.FENCING_TOKEN_HEADER,
                    token,
                    "an integer along with " + AgentApiHandler.RELEASE_HEADER));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Caller(AgentApiHandler.TOKEN_OWNER, Optional.of(new Fence(release.strip(), value)));
    }
}
