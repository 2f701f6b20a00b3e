package dev.nonstop.controller.api;

import dev.nonstop.controller.store.AuditResult;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.NewAuditEntry;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
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
    static String actor(ApiToken token, Channel channel) {
        return token.id() + "@" + address(channel.remoteAddress());
    }

    /** The actor of a call without a valid token. */
    static String anonymous(Channel channel) {
        return "anonymous@" + address(channel.remoteAddress());
    }

    /** Records an entry now, on the calling thread (a worker: it blocks on the store). */
    void record(String actor, String action, String target, AuditResult result, String detail) {
        try {
            store.appendAudit(new NewAuditEntry(actor, action, target, result, detail));
        } catch (RuntimeException e) {
            log.error("controller API: cannot audit {} {} {} by {}: {}", action, target, result, actor, e.toString());
        }
    }

    /** Records a mutation refused for its token, off the event loop that refused it. */
    void refusedUnauthenticated(String actor, HttpMethod method, String path, String reason) {
        try {
            worker.execute(() -> record(actor, method.name() + " " + path, path, AuditResult.REFUSED, reason));
        } catch (RejectedExecutionException closing) {
            log.warn("controller API: closing, not audited: refused {} {} by {}", method, path, actor);
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
