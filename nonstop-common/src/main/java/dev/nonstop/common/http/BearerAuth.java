package dev.nonstop.common.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The bearer-token guard of one control API server, shared by its connections: each connection gets a {@link
 * #newHandler() handler} that checks {@code Authorization: Bearer <token>} on every request head, before any body
 * byte is buffered, and answers 401 otherwise.
 *
 * <p>What happens to a refused request's body: a small one ({@code Content-Length} up to {@value #DISCARD_LIMIT}) is
 * read and thrown away and the connection kept. A larger one, one of unknown length or one awaiting {@code
 * 100-continue} is not read at all: the 401 says {@code Connection: close}, the connection stops reading (TCP flow
 * control stalls the sender) and is closed when its {@link Builder#authenticationTimeout(Duration) authentication
 * timeout} ends. That lingering lets the client read the 401, and paces a caller that pushes bodies and reconnects
 * at once to one connection per timeout instead of as many as the server can close. At most {@link
 * Builder#maxLingeringConnections(int)} linger; a refused connection beyond that is closed at once.
 *
 * <p>A connection counts as unauthenticated from its accept until its first request passes the check (or it is
 * refused and lingers). At most {@link Builder#maxUnauthenticatedConnections(int)} such connections are kept: one
 * more closes the oldest of them, so that idle or slow connections cannot lock valid callers out, who send their
 * head at once and stop counting. An unauthenticated connection is closed with a 408 when it has sent no
 * authenticated request within the authentication timeout. Authenticated connections are never touched.
 *
 * <pre>{@code
 * BearerAuth auth = BearerAuth.builder("nonstop-gateway", token::matches, AdminResponses::error)
 *         .onRefused(refused -> refusals.refused(refused.caller(), refused.what(), refused.reason()))
 *         .build();
 * pipeline.addLast("auth", auth.newHandler()); // after the codec, before the keep-alive handler and aggregator
 * }</pre>
 */
public final class BearerAuth {
    /** Refused bodies up to this many bytes (by {@code Content-Length}) are read and thrown away. */
    public static final int DISCARD_LIMIT = 64 * 1024;

    final String realm;
    final Predicate<String> token;
    final ErrorResponder errors;
    final Consumer<RefusedRequest> onRefused;
    final Duration authenticationTimeout;
    private final int maxUnauthenticated;
    private final int maxLingering;
    private final Set<Channel> unauthenticated = new LinkedHashSet<>();
    private final Set<Channel> lingering = new LinkedHashSet<>();

    private BearerAuth(Builder b) {
        this.realm = b.realm;
        this.token = b.token;
        this.errors = b.errors;
        this.onRefused = b.onRefused;
        this.authenticationTimeout = b.authenticationTimeout;
        this.maxUnauthenticated = b.maxUnauthenticated;
        this.maxLingering = b.maxLingering;
    }

    /**
     * @param realm the {@code WWW-Authenticate} realm, e.g. {@code nonstop-controller}
     * @param token whether a presented token is the right one (constant time: {@code BearerToken::matches})
     * @param errors the API's error responses
     */
    public static Builder builder(String realm, Predicate<String> token, ErrorResponder errors) {
        return new Builder(realm, token, errors);
    }

    /** A handler for one new connection. */
    public ChannelHandler newHandler() {
        return new BearerAuthHandler(this);
    }

    /** How many connections have not sent an authenticated request yet (lingering ones aside). */
    public synchronized int unauthenticatedConnections() {
        return unauthenticated.size();
    }

    /** How many refused connections wait to be closed. */
    public synchronized int lingeringConnections() {
        return lingering.size();
    }

    /** Counts {@code channel} as unauthenticated; closes the oldest such connections beyond the cap. */
    void admit(Channel channel) {
        List<Channel> evicted = new ArrayList<>(1);
        synchronized (this) {
            unauthenticated.add(channel);
            Iterator<Channel> oldest = unauthenticated.iterator();
            while (unauthenticated.size() > maxUnauthenticated) {
                evicted.add(oldest.next());
                oldest.remove();
            }
        }
        Evicted event = new Evicted("too many unauthenticated connections (expected: at most " + maxUnauthenticated
                + "); this one was the oldest");
        for (Channel victim : evicted) {
            victim.pipeline().fireUserEventTriggered(event);
        }
    }

    /** Moves a refused {@code channel} to the lingering ones; false when there is no room (close it now). */
    synchronized boolean linger(Channel channel) {
        unauthenticated.remove(channel);
        if (lingering.size() >= maxLingering) {
            return false;
        }
        lingering.add(channel);
        return true;
    }

    /** {@code channel} no longer counts: it authenticated or closed. */
    synchronized void release(Channel channel) {
        unauthenticated.remove(channel);
        lingering.remove(channel);
    }

    /** Tells a connection's handler, on its event loop, that it was closed to make room. */
    record Evicted(String reason) {}

    /** Settings of a {@link BearerAuth}. */
    public static final class Builder {
        private String realm;
        private final Predicate<String> token;
        private final ErrorResponder errors;
        private Consumer<RefusedRequest> onRefused = r -> {};
        private Duration authenticationTimeout = Duration.ofSeconds(10);
        private int maxUnauthenticated = 64;
        private int maxLingering = 1024;

        private Builder(String realm, Predicate<String> token, ErrorResponder errors) {
            this.realm = Objects.requireNonNull(realm, "realm");
            this.token = Objects.requireNonNull(token, "token");
            this.errors = Objects.requireNonNull(errors, "errors");
        }

        /** The {@code WWW-Authenticate} realm of a 401. */
        Builder realm(String realm) {
            this.realm = Objects.requireNonNull(realm, "realm");
            return this;
        }

        /** Told of every refusal, on the connection's event loop: it must not block. Default: nothing. */
        public Builder onRefused(Consumer<RefusedRequest> onRefused) {
            this.onRefused = Objects.requireNonNull(onRefused, "onRefused");
            return this;
        }

        /**
         * How long a connection may stay without an authenticated request, and how long a refused one lingers.
         * Default: 10 seconds.
         */
        public Builder authenticationTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("authenticationTimeout: " + timeout + " (expected: > 0)");
            }
            this.authenticationTimeout = timeout;
            return this;
        }

        /** How many connections without an authenticated request are kept. Default: 64. */
        public Builder maxUnauthenticatedConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxUnauthenticatedConnections: " + max + " (expected: >= 1)");
            }
            this.maxUnauthenticated = max;
            return this;
        }

        /** How many refused connections may linger, not read, until their timeout. Default: 1024. */
        public Builder maxLingeringConnections(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxLingeringConnections: " + max + " (expected: >= 0)");
            }
            this.maxLingering = max;
            return this;
        }

        public BearerAuth build() {
            return new BearerAuth(this);
        }
    }
}
