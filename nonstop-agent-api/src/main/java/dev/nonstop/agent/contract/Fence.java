package dev.nonstop.agent.contract;

/**
 * The fencing of one mutation: the release it is done for and the token of the release's lease.
 * The agent refuses a token lower than the highest it has seen for that release.
 */
public record Fence(String releaseId, long token) {

    public Fence {
        if (releaseId == null || releaseId.isBlank() || releaseId.length() > 200) {
            throw new InvalidInputException(
                    Problem.of("releaseId", releaseId, "a non-empty id of at most 200 characters"));
        }
    }
}
