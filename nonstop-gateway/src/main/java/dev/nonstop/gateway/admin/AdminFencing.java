package dev.nonstop.gateway.admin;

import dev.nonstop.common.fencing.Fence;
import dev.nonstop.common.fencing.FenceDecision;
import dev.nonstop.common.fencing.FencingTokenRegistry;
import dev.nonstop.common.fencing.InvalidFenceException;
import dev.nonstop.common.http.ControlRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;

/**
 * The admin API's fencing check, the one place it calls into the gateway's {@link FencingTokenRegistry}: a mutation
 * sent for a release ({@value Fence#RELEASE_HEADER}) carries the sender's fencing token ({@value Fence#TOKEN_HEADER});
 * one lower than the highest seen for that release is refused with 409 before anything changes, whatever the path.
 */
final class AdminFencing {
    private AdminFencing() {}

    /**
     * Records the token of a fenced mutation.
     *
     * @throws AdminRefusal 400 when only one header is sent or the token is not a number, 409 when it is stale
     */
    static void check(FencingTokenRegistry fencing, ControlRequest request) {
        if (request.method().equals(HttpMethod.GET)) {
            return;
        }
        Optional<Fence> fence;
        try {
            fence = Fence.fromHeaders(
                    request.headers().get(Fence.RELEASE_HEADER),
                    request.headers().get(Fence.TOKEN_HEADER));
        } catch (InvalidFenceException e) {
            throw new AdminRefusal(HttpResponseStatus.BAD_REQUEST, "invalid fencing headers", e.problems(), null);
        }
        if (fence.isEmpty()) {
            return;
        }
        FenceDecision decision =
                fencing.check(fence.get().releaseId(), fence.get().token());
        if (!decision.accepted()) {
            throw new AdminRefusal(HttpResponseStatus.CONFLICT, decision.describe());
        }
    }
}
