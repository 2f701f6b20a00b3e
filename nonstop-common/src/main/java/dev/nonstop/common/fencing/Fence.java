package dev.nonstop.common.fencing;

import dev.nonstop.common.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fencing of one mutation: the release it is done for and the fencing token of the sender's lease on that
 * release. A receiver (a gateway, an agent) refuses a token lower than the highest it has seen for the release, as
 * its {@link FencingTokenRegistry} tells it.
 *
 * <p>On the wire a fence travels as two headers, {@value #RELEASE_HEADER} and {@value #TOKEN_HEADER}: both or
 * neither ({@link #fromHeaders}).
 *
 * @param releaseId non-blank, at most {@value #MAX_RELEASE_ID_LENGTH} characters
 * @param token the fencing token, {@code >= 0}
 */
public record Fence(String releaseId, long token) {
    /** Header naming the release a mutation belongs to. */
    public static final String RELEASE_HEADER = "X-Nonstop-Release";
    /** Header carrying the sender's fencing token for that release. */
    public static final String TOKEN_HEADER = "X-Nonstop-Fencing-Token";
    /** The longest release id a fence carries. */
    public static final int MAX_RELEASE_ID_LENGTH = 200;

    /** @throws InvalidFenceException naming the release id or the token */
    public Fence {
        List<Problem> problems = new ArrayList<>();
        if (releaseId == null || releaseId.isBlank() || releaseId.length() > MAX_RELEASE_ID_LENGTH) {
            problems.add(Problem.of(
                    "releaseId", releaseId, "a non-empty id of at most " + MAX_RELEASE_ID_LENGTH + " characters"));
        }
        if (token < 0) {
            problems.add(Problem.of("token", token, ">= 0"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFenceException(problems);
        }
    }

    /**
     * The fence the values of a request's {@value #RELEASE_HEADER} and {@value #TOKEN_HEADER} headers denote: none
     * when both are absent; the release id is stripped.
     *
     * @param release the release header's value, or {@code null} when absent
     * @param token the token header's value, or {@code null} when absent
     * @throws InvalidFenceException naming the header(s) at fault when only one is present or either is malformed
     */
    public static Optional<Fence> fromHeaders(String release, String token) {
        if (release == null && token == null) {
            return Optional.empty();
        }
        List<Problem> problems = new ArrayList<>();
        if (release == null || release.isBlank() || release.strip().length() > MAX_RELEASE_ID_LENGTH) {
            problems.add(Problem.of(
                    RELEASE_HEADER,
                    release == null ? "(missing)" : release,
                    "a release id of at most " + MAX_RELEASE_ID_LENGTH + " characters, sent with " + TOKEN_HEADER));
        }
        long value = -1;
        try {
            value = Long.parseLong(token == null ? "" : token.strip());
        } catch (NumberFormatException e) {
            // reported below
        }
        if (value < 0) {
            problems.add(Problem.of(
                    TOKEN_HEADER, token == null ? "(missing)" : token, "an integer >= 0, sent with " + RELEASE_HEADER));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFenceException(problems);
        }
        return Optional.of(new Fence(release.strip(), value));
    }
}
