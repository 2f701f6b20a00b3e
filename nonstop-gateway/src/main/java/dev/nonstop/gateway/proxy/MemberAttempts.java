package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.balancing.MemberHandle;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The members one request is offered to, and whether it may be sent again: the retry policy of an
 * {@link Exchange}, which keeps the connections and asks this class what to do when one fails.
 *
 * <ul>
 *   <li>The first member is the one the request's sticky cookie names, if it still takes pinned
 *       requests, else the balancer's choice; each member that nothing of the request reached is
 *       left out of the next choice, up to {@value #MAX_MEMBERS_TRIED} members.
 *   <li>After its head was written, a request is sent again only when it is idempotent and has no
 *       body, at most once ({@link #sendsAgainAfterWrite}).
 *   <li>A request that would not be sent again gets only a pooled connection that passed the
 *       {@link UpstreamPool} probe ({@link #probe}); one sent on an unprobed connection that closes
 *       before any response byte gets, once, what the probe would have given it: the same member on
 *       a new connection ({@link #retryOnNewConnection}). That attempt does not use up the retry
 *       after a write: a member that dies takes its pooled connections down first and may still
 *       accept the new one from its listen backlog before that closes too, and the request then
 *       goes, once, to another member. An idempotent request is thus sent at most three times, the
 *       third time to a member that has not seen it.
 * </ul>
 *
 * <p>Runs on the client connection's event loop, as its exchange does.
 */
final class MemberAttempts {
    static final int MAX_MEMBERS_TRIED = 10;

    private final AppRuntime app;
    private final String pinnedMemberId;
    private final boolean idempotent;
    /** The group the app's gray routing chose, or {@code null} when the app has none. */
    private final GroupChoice choice;
    /** The group of the member last chosen (gray routing only). */
    private GroupRuntime served;

    private Set<String> tried = Set.of();
    private boolean retriedAfterWrite;
    /** The current upstream came from the pool without the probe. */
    private boolean unprobed;
    /** The request was sent again after an unprobed pooled connection failed under it. */
    private boolean staleRetried;

    /**
     * @param pinnedMemberId the member the request's sticky cookie names, or {@code null}
     * @param idempotent see {@link RequestKeys#idempotent}
     */
    MemberAttempts(AppRuntime app, String pinnedMemberId, boolean idempotent) {
        this(app, pinnedMemberId, idempotent, null);
    }

    /**
     * @param choice the group gray routing chose for the request, or {@code null}: members are then
     *     chosen in that group first, then in the default group, then in any group
     */
    MemberAttempts(AppRuntime app, String pinnedMemberId, boolean idempotent, GroupChoice choice) {
        this.app = app;
        this.pinnedMemberId = pinnedMemberId;
        this.idempotent = idempotent;
        this.choice = choice;
    }

    GroupChoice choice() {
        return choice;
    }

    /** The group of the member last chosen, or {@code null} without gray routing. */
    GroupRuntime served() {
        return served;
    }

    private MemberHandle choose(String pinned, Set<String> exclude) {
        if (choice == null) {
            return app.choose(pinned, exclude);
        }
        GroupRuntime preferred = choice.group;
        MemberHandle m = preferred.choose(pinned, exclude);
        if (m != null) {
            served = preferred;
            return m;
        }
        // Never fail a request another group could serve: the default group, then any.
        GroupRouter router = app.router();
        GroupRuntime fallback = router.defaultGroup();
        if (fallback != preferred) {
            m = fallback.choose(pinned, exclude);
            if (m != null) {
                served = fallback;
                return m;
            }
        }
        for (GroupRuntime g : router.groups()) {
            if (g != preferred && g != fallback) {
                m = g.choose(pinned, exclude);
                if (m != null) {
                    served = g;
                    return m;
                }
            }
        }
        return null;
    }

    AppRuntime app() {
        return app;
    }

    /** The member the request's sticky cookie names, or {@code null}. */
    String pinnedMemberId() {
        return pinnedMemberId;
    }

    /** The first member to send the request to, or {@code null} when the app has none available. */
    MemberHandle first() {
        return choose(pinnedMemberId, tried);
    }

    /**
     * Nothing of the request reached {@code failed}: the member to try next, or {@code null} when
     * none is left or {@value #MAX_MEMBERS_TRIED} were tried.
     */
    MemberHandle next(MemberHandle failed) {
        if (tried.isEmpty()) {
            tried = new HashSet<>(4);
        }
        tried.add(failed.id());
        return tried.size() < MAX_MEMBERS_TRIED ? choose(null, tried) : null;
    }

    /** Counts a failed connect to {@code failed}, ejecting it after the app's limit of consecutive failures. */
    void connectFailed(MemberHandle failed, String cause) {
        int failures = failed.stats().connectFailed();
        int ejectAfter = app.app().ejectAfterConnectFailures();
        if (ejectAfter > 0 && failures >= ejectAfter && failed.stats().healthy()) {
            failed.stats().markHealthy(false);
            GatewayLog.LOG.warn(
                    "member {} ejected after {} consecutive connect failures ({})", failed.id(), failures, cause);
        }
    }

    /** Whether a failure after the head was written, before any response byte, sends the request again. */
    boolean sendsAgainAfterWrite(boolean requestComplete, long bodyBytes) {
        return idempotent && requestComplete && bodyBytes == 0 && !retriedAfterWrite;
    }

    /** The request is being sent again after its head was written; it will not be a second time. */
    void sentAgainAfterWrite() {
        retriedAfterWrite = true;
    }

    /** Whether a pooled connection for the request must pass the probe first. */
    boolean probe(boolean requestComplete, long bodyBytes) {
        return staleRetried || !sendsAgainAfterWrite(requestComplete, bodyBytes);
    }

    /** The connection the request now goes out on: from the pool without the probe, or not. */
    void connection(boolean unprobed) {
        this.unprobed = unprobed;
    }

    /**
     * The connection closed (or failed with {@code cause}) under the request. Whether to send it
     * again to the same member on a new connection, as the probe would have: only once, only for an
     * unprobed pooled connection (so only for a request that {@link #sendsAgainAfterWrite may be
     * sent again}), only before any response byte.
     */
    boolean retryOnNewConnection(Throwable cause, boolean responseStarted) {
        // unprobed implies no stale retry yet: after one, every pooled connection is probed.
        if (responseStarted || !unprobed || !(cause == null || cause instanceof IOException)) {
            return false;
        }
        staleRetried = true;
        return true;
    }
}
