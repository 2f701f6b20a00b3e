package dev.nonstop.controller.api;

import dev.nonstop.common.audit.RefusedAttempts;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.controller.store.AuditResult;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.NewAuditEntry;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the API's mutations to the store's audit log: who ({@code token:1a2b3c4d@127.0.0.1:50412}), what ({@code
 * release.pause}), on what ({@code release/<id>}), how it ended. A failure to write is logged, never turned into a
 * failure of the call it records.
 *
 * <p>Requests refused before the API saw them (no or a wrong token, a malformed head, a connection dropped by the
 * cap on unauthenticated ones) come counted per caller (IP address) and minute from the kit's {@link
 * dev.nonstop.common.http.ControlApiServer}: the first at once, the count of the rest as one more entry whose {@code
 * attempts} says how many. So a flood of them adds at most {@code 2 * (1000 + 1)} entries a minute.
 */
final class ApiAudit {
    private static final Logger log = LoggerFactory.getLogger(ApiAudit.class);

    private final ControllerStore store;
    private final Executor worker;

    ApiAudit(ControllerStore store, Executor worker) {
        this.store = store;
        this.worker = worker;
    }

    /** The actor of an authenticated call: the token's id and the caller's address. */
    static String actor(BearerToken token, SocketAddress remote) {
        return token.id() + "@" + address(remote);
    }

    /** Records an entry now, on the calling thread (a worker: it blocks on the store). */
    void record(String actor, String action, String target, AuditResult result, String detail) {
        record(new NewAuditEntry(actor, action, target, result, detail));
    }

    private void record(NewAuditEntry entry) {
        try {
            store.appendAudit(entry);
        } catch (RuntimeException e) {
            log.error(
                    "controller API: cannot audit {} {} {} by {}: {}",
                    entry.action(),
                    entry.target(),
                    entry.result(),
                    entry.actor(),
                    e.toString());
        }
    }

    /** One entry for refused attempts, written off the event loop (called on it): actor {@code anonymous@<ip>}, target the path. */
    void refused(RefusedAttempts r) {
        String what = r.what();
        int space = what.indexOf(' ');
        NewAuditEntry entry = new NewAuditEntry(
                "anonymous@" + r.caller(),
                what,
                space < 0 ? what : what.substring(space + 1),
                AuditResult.REFUSED,
                r.describe(),
                r.attempts());
        try {
            worker.execute(() -> record(entry));
        } catch (RejectedExecutionException closing) {
            log.warn("controller API: closing, not audited: {}", entry);
        }
    }

    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() == null
                    ? inet.getHostString() + ":" + inet.getPort()
                    : inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
