package dev.nonstop.agent.api;

import dev.nonstop.agent.contract.InvalidInputException;
import dev.nonstop.agent.contract.Problem;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.common.token.EmptyTokenFileException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The bearer token every agent API call must present: a {@link BearerToken} from a token file created (mode 0600)
 * when missing. Never logged, never shown by {@link #toString()}. The owner of this token is the controller.
 */
public final class AgentToken {
    private static final String NAME = "agent token";

    private final BearerToken token;

    private AgentToken(BearerToken token) {
        this.token = token;
    }

    /** A token given as text (tests, or a token handed over by the controller's config). */
    public static AgentToken of(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidInputException(Problem.of("token", "\"\"", "a non-empty token"));
        }
        return new AgentToken(BearerToken.of(token, NAME));
    }

    /**
     * Reads the token from {@code file}, creating the file with a new random token when missing.
     *
     * @throws InvalidInputException when the file holds no token
     */
    public static AgentToken readOrCreate(Path file) throws IOException {
        try {
            return new AgentToken(BearerToken.readOrCreate(file, NAME));
        } catch (EmptyTokenFileException e) {
            throw new InvalidInputException(Problem.of(
                    "tokenFile",
                    e.file() + " is empty",
                    "a file holding the token; delete it to have a new one generated"));
        }
    }

    /** 32 random bytes, base64url without padding (43 characters). */
    public static String newRandomToken() {
        return BearerToken.newRandomToken();
    }

    /** Whether {@code presented} is this token; constant time in its content and length. */
    public boolean matches(String presented) {
        return token.matches(presented);
    }

    @Override
    public String toString() {
        return "AgentToken[hidden]";
    }
}
