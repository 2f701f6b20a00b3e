package dev.nonstop.gateway.admin;

import dev.nonstop.common.problem.Problem;
import dev.nonstop.gateway.fencing.ReleaseFencing;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The admin API's fencing check, the one place it calls into {@link ReleaseFencing}: a mutation sent for a release
 * ({@value ReleaseFencing#RELEASE_HEADER}) carries the sender's fencing token ({@value ReleaseFencing#TOKEN_HEADER});
 * one lower than the highest seen for that release is refused with 409 before anything changes, whatever the path.
 */
final class AdminFencing {
    private AdminFencing() {}

    /**
     * Records the token of a fenced mutation.
     *
     * @throws AdminRefusal 400 when the token is missing or not a number, 409 when it is stale
     */
    static void check(ReleaseFencing fencing, HttpRequest request) {
        String release = request.headers().get(ReleaseFencing.RELEASE_HEADER);
        if (release == null || request.method().equals(HttpMethod.GET)) {
            return;
        }
        String raw = request.headers().get(ReleaseFencing.TOKEN_HEADER);
        long token;
        try {
            token = Long.parseLong(raw == null ? "" : raw.trim());
        } catch (NumberFormatException e) {
            throw new AdminRefusal(
                    HttpResponseStatus.BAD_REQUEST,
                    "invalid fencing token",
                    Problem.of(
                            ReleaseFencing.TOKEN_HEADER,
                            raw == null ? "(missing)" : raw,
                            "a number, sent with " + ReleaseFencing.RELEASE_HEADER));
        }
        ReleaseFencing.Decision decision = fencing.check(release, token);
        if (!decision.accepted()) {
            throw new AdminRefusal(HttpResponseStatus.CONFLICT, decision.describe());
        }
    }
}
