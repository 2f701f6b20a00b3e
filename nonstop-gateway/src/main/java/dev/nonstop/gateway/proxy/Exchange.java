package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.balancing.MemberHandle;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.http.BodyPart;
import dev.nonstop.gateway.http.ForwardingHeaders;
import dev.nonstop.gateway.http.RequestHead;
import dev.nonstop.gateway.http.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * One request and its response, from the request head to the last response byte. Lives on the
 * client connection's event loop; every method runs there.
 *
 * <p>Which member gets the request, and when it is sent again, is {@link MemberAttempts}'s to say;
 * what the request is routed by, {@link RequestKeys}'; an upgraded connection is relayed by an
 * {@link UpgradeRelay}. This class keeps the connections and the order of events.
 *
 * <p>Retry rules, the heart of "never lose a request that did not reach a member": a refused or
 * failed connect, or a pooled connection that fails before the request head is written, moves the
 * request to another member whatever its method (the body is held back until the head is written,
 * so nothing is lost). After the head was written, only an idempotent request with no body is
 * retried, at most once, and never after a response byte went to the client.
 *
 * <p>A pooled connection the member closed a moment ago, before this loop saw the close, would take
 * the request to a dead socket. A request that a failure after its head was written would not send
 * again (a method that is not idempotent, a body, or the one retry used) only gets a pooled
 * connection that passed the {@link UpstreamPool} probe. The others skip the probe, and when the
 * connection closes or fails before any response byte they get, once, what the probe would have
 * given them: the same member again (so sticky sessions and pinned requests to a draining member
 * stay put), on a new connection, which a member that went away refuses; the request then moves on
 * like any refused connect. If the head had been written, that attempt is the request's one retry.
 *
 * <p>The member's in-flight count covers the exchange from the moment a member is chosen until the
 * response ends (or, for an upgraded connection, until it closes).
 */
final class Exchange {
    private enum Phase {
        CONNECTING,
        ATTACHED,
        UPGRADED,
        DONE
    }

    private final ProxyContext proxy;
    private final FrontendHandler front;
    private final ChannelHandlerContext clientCtx;
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

    private final RequestHead request;
    private final String clientIp;
    private final byte[] clientIpBytes;
    private final boolean http10Client;
    private final long startNanos = System.nanoTime();
    /** Body received before the head reached a member; created when a body part first waits. */
    private PendingBody pendingBody;

    /** The Host to forward instead of the client's (absolute form, HTTP/1.0 without Host), or null. */
    private String forwardedHost;

    private boolean clientKeepAlive;
    private Phase phase = Phase.CONNECTING;
    private AppRuntime app;
    private MemberAttempts attempts;
    private MemberHandle member;

    private Channel upstream;
    private BackendHandler backend;
    private boolean headWritten;
    private long bodyBytes;
    private boolean requestComplete;
    private boolean requestSent;
    private boolean responseStarted;
    private boolean upgradeRequested;
    private boolean upstreamReusable;
    private boolean chunkedResponse;
    private int status;
    private LoopResources loop;
    private final OpenExchanges.Link openLink = new OpenExchanges.Link(this);
    private boolean readWhenUpstreamWritable;
    private boolean readWhenClientWritable;
    private UpgradeRelay relay;

    Exchange(
            ProxyContext proxy,
            FrontendHandler front,
            ChannelHandlerContext clientCtx,
            String clientIp,
            byte[] clientIpBytes,
            RequestHead request,
            boolean keepAlive) {
        this.clientIp = clientIp;
        this.clientIpBytes = clientIpBytes;
        this.proxy = proxy;
        this.front = front;
        this.clientCtx = clientCtx;
        this.request = request;
        this.http10Client = request.isHttp10();
        this.clientKeepAlive = keepAlive;
        this.requestComplete = !request.expectsBody();
    }

    // ---------------------------------------------------------------- request side

    void start() {
        CompiledTable table = proxy.table();
        app = table.catchAll();
        Route route = null;
        if (app == null) {
            route = RequestKeys.route(table, request);
            if (route != null) {
                app = table.app(route);
            }
        }
        if (app == null) {
            proxy.stats.noRoute();
            finishLocally(HttpResponseStatus.NOT_FOUND, "no route for this host and path");
            return;
        }
        forwardedHost = RequestKeys.forwardedHost(request, route, clientCtx.channel());
        upgradeRequested = request.upgradeRequested();
        String cookieName = app.stickyCookie();
        GroupChoice choice = app.router() == null ? null : app.router().route(request, front);
        attempts = new MemberAttempts(
                app, cookieName == null ? null : request.cookie(cookieName), RequestKeys.idempotent(request), choice);
        MemberHandle first = attempts.first();
        if (choice != null && first != null) {
            attempts.served().stats.userSeen(choice.userHash, startNanos);
        }
        if (first == null) {
            proxy.stats.noMember();
            finishLocally(
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "no available member for app " + app.app().name());
            return;
        }
        connectTo(first);
    }

    void onRequestContent(BodyPart part) {
        bodyBytes += part.dataBytes();
        if (part.last()) {
            requestComplete = true;
        }
        long max = proxy.settings.maxBodySize();
        if (max > 0 && bodyBytes > max) {
            part.release();
            bodyTooLarge();
            return;
        }
        if (phase == Phase.DONE || phase == Phase.UPGRADED) {
            part.release();
            return;
        }
        if (!headWritten) {
            if (pendingBody == null) {
                pendingBody = new PendingBody();
            }
            pendingBody.add(part);
            return;
        }
        upstream.writeAndFlush(part.content());
        if (requestComplete) {
            requestSent = true;
        } else {
            requestMoreBody();
        }
    }

    private void requestMoreBody() {
        if (upstream.isWritable()) {
            front.readMore();
        } else {
            readWhenUpstreamWritable = true;
        }
    }

    void upstreamWritable() {
        if (phase == Phase.UPGRADED) {
            relay.upstreamWritable();
        } else if (readWhenUpstreamWritable) {
            readWhenUpstreamWritable = false;
            if (!requestComplete) {
                front.readMore();
            }
        }
    }

    private void bodyTooLarge() {
        proxy.stats.rejected();
        refuseRequest(
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "body larger than " + proxy.settings.maxBodySize() + " bytes");
    }

    /**
     * The client's chunked body broke its framing after the head was passed on (body framing that
     * came with the head is refused before anything is forwarded): the member connection is closed,
     * the client answered 400 unless a response started, and the reason logged.
     */
    void requestBodyMalformed(String reason) {
        if (phase == Phase.DONE) {
            return;
        }
        if (upstream != null || headWritten) {
            GatewayLog.LOG.warn(
                    "request {} {} from {} refused after its head went to member {}: malformed chunked body ({});"
                            + " member connection closed",
                    request.method(),
                    request.uri(),
                    clientIp,
                    member.id(),
                    reason);
        }
        refuseRequest(HttpResponseStatus.BAD_REQUEST, "malformed chunked body: " + reason);
    }

    /** Ends the exchange for a request that cannot be completed: answered locally, or closed once answering began. */
    private void refuseRequest(HttpResponseStatus status, String cause) {
        if (phase == Phase.UPGRADED) {
            endUpgrade();
            return;
        }
        if (member != null && phase != Phase.DONE) {
            member.stats().requestAborted();
            loop.open().remove(openLink);
        }
        if (responseStarted) {
            phase = Phase.DONE;
            cancelResponseTimer();
            releasePendingBody();
            closeBoth();
            return;
        }
        detachUpstream(false);
        finishLocally(status, cause);
    }

    // ---------------------------------------------------------------- choosing and connecting

    private void connectTo(MemberHandle next) {
        connectTo(next, true);
    }

    private void connectTo(MemberHandle next, boolean pooled) {
        member = next;
        next.stats().requestStarted();
        if (loop == null) {
            loop = proxy.loop(clientCtx.executor());
        }
        loop.open().add(next.id(), openLink);
        phase = Phase.CONNECTING;
        boolean probe = attempts.probe(requestComplete, bodyBytes);
        Channel idle = pooled ? loop.pool().poll(next.address(), probe) : null;
        attempts.connection(idle != null && !probe);
        if (idle != null) {
            attach(idle);
            return;
        }
        if (next.address().isUnresolved()) {
            connectFailed(next, "host " + next.member().host() + " could not be resolved");
            return;
        }
        loop.bootstrap().connect(next.address()).addListener((ChannelFuture f) -> {
            if (phase == Phase.DONE || member != next) {
                if (f.isSuccess()) {
                    f.channel().close();
                }
                return;
            }
            if (f.isSuccess()) {
                next.stats().connectSucceeded();
                next.stats().connectionOpened();
                f.channel().pipeline().get(BackendHandler.class).connected(next.stats(), next.address());
                attach(f.channel());
            } else {
                connectFailed(next, describe(f.cause()));
            }
        });
    }

    private void connectFailed(MemberHandle failed, String cause) {
        attempts.connectFailed(failed, cause);
        moveToAnotherMember("connect to member " + failed.id() + " failed: " + cause);
    }

    /** Nothing of the request reached the current member: try another one. */
    private void moveToAnotherMember(String cause) {
        member.stats().requestMoved();
        loop.open().remove(openLink);
        MemberHandle next = attempts.next(member);
        if (next == null) {
            groupFailed();
            finishLocally(HttpResponseStatus.BAD_GATEWAY, cause);
            return;
        }
        connectTo(next);
    }

    private void attach(Channel channel) {
        upstream = channel;
        backend = channel.pipeline().get(BackendHandler.class);
        backend.bind(this);
        backend.expectResponse("HEAD".equals(request.method()), upgradeRequested, http10Client);
        phase = Phase.ATTACHED;
        headWritten = false;
        // Void promises: a failed write reaches BackendHandler.exceptionCaught, which moves the
        // request on while its head is unsent. No listener per request on the hot path.
        channel.write(
                ForwardingHeaders.request(channel.alloc(), request, clientIpBytes, upgradeRequested, forwardedHost),
                channel.voidPromise());
        boolean noPendingBody = pendingBody == null || pendingBody.isEmpty();
        if (noPendingBody && requestComplete && request.hasTransferEncoding()) {
            // A chunked request without data moved here after its first member failed: end it again.
            channel.write(Unpooled.wrappedBuffer(LAST_CHUNK), channel.voidPromise());
        }
        if (!noPendingBody) {
            pendingBody.writeTo(channel);
        }
        channel.flush();
        if (upstream != channel || phase != Phase.ATTACHED || !channel.isActive()) {
            // Failed during the flush and already handled (moved on or answered), or about to be.
            return;
        }
        ChannelOutboundBuffer unsent = channel.unsafe().outboundBuffer();
        if (unsent == null || unsent.isEmpty()) {
            headWritten();
        } else {
            // The socket did not take it all at once: continue when it has.
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
                if (f.isSuccess() && upstream == channel && phase == Phase.ATTACHED && !headWritten) {
                    headWritten();
                }
            });
        }
    }

    /** The request head (and the body received so far) is in the member's socket. */
    private void headWritten() {
        headWritten = true;
        if (pendingBody != null && pendingBody.sent()) {
            requestSent = true;
        }
        if (requestComplete) {
            requestSent = true;
        }
        backend.armResponseTimeout(proxy.settings.responseTimeout().toNanos());
        upstream.read();
        if (!requestComplete) {
            requestMoreBody();
        }
    }

    /** Called by the upstream connection when no response head came in time. */
    void responseTimedOut() {
        if (phase != Phase.ATTACHED || responseStarted) {
            return;
        }
        member.stats().requestFailed();
        groupFailed();
        loop.open().remove(openLink);
        detachUpstream(false);
        finishLocally(
                HttpResponseStatus.GATEWAY_TIMEOUT,
                "member " + member.id() + " did not respond within "
                        + proxy.settings.responseTimeout().toMillis() + " ms");
    }

    // ---------------------------------------------------------------- response side

    void onResponseHead(ResponseHead response) {
        int code = response.code();
        if (code == 101 && upgradeRequested) {
            cancelResponseTimer();
            responseStarted = true;
            status = code;
            clientCtx.writeAndFlush(ForwardingHeaders.response(
                    clientCtx.alloc(),
                    response,
                    ForwardingHeaders.ResponseKind.UPGRADE,
                    http10Client,
                    false,
                    true,
                    null));
            beginRelay();
            return;
        }
        if (code >= 100 && code < 200) {
            // 100 Continue, 103 Early Hints: passed on; the final response follows.
            responseStarted = true;
            clientCtx.write(
                    ForwardingHeaders.response(
                            clientCtx.alloc(),
                            response,
                            ForwardingHeaders.ResponseKind.INFORMATIONAL,
                            http10Client,
                            false,
                            true,
                            null),
                    clientCtx.voidPromise());
            return;
        }
        cancelResponseTimer();
        status = code;
        upstreamReusable = response.keepAlive();
        String cookieName = app.stickyCookie();
        String setCookie = cookieName != null && !member.id().equals(attempts.pinnedMemberId())
                ? cookieName + "=" + member.id() + "; Path=/; HttpOnly; SameSite=Lax"
                : null;
        byte[] pinLine = null;
        GroupChoice choice = attempts.choice();
        if (choice != null && choice.pinWanted) {
            GroupRuntime served = attempts.served();
            if (served != null && served.index != choice.pinnedIndex) {
                pinLine = served.pinLine;
                served.stats.pinIssued();
            }
        }
        boolean bodiless = "HEAD".equals(request.method()) || code == 204 || code == 304;
        chunkedResponse = !bodiless && response.chunked();
        boolean dechunk = http10Client && chunkedResponse;
        if (dechunk || !bodiless && response.delimitedByClose()) {
            // HTTP/1.0 has no chunked encoding, and a body without a length ends only when the
            // connection closes: either way the client connection ends with this response.
            clientKeepAlive = false;
        }
        if (front.closeRequested() || proxy.shuttingDown()) {
            clientKeepAlive = false;
        }
        responseStarted = true;
        clientCtx.write(
                ForwardingHeaders.response(
                        clientCtx.alloc(),
                        response,
                        ForwardingHeaders.ResponseKind.FINAL,
                        http10Client,
                        dechunk,
                        clientKeepAlive,
                        setCookie,
                        pinLine),
                clientCtx.voidPromise());
    }

    void onResponseContent(BodyPart part) {
        if (part.last()) {
            // Counted as finished before the last bytes leave: a client that has its response
            // never sees the member still counting it in flight.
            complete(false, part.content());
        } else {
            clientCtx.write(part.content(), clientCtx.voidPromise());
        }
    }

    /** The upstream read a batch: flush it to the client and read more when the client keeps up. */
    void upstreamReadComplete() {
        if (phase == Phase.DONE) {
            return;
        }
        clientCtx.flush();
        if (clientCtx.channel().isWritable()) {
            upstream.read();
        } else {
            readWhenClientWritable = true;
        }
    }

    void clientWritable() {
        if (readWhenClientWritable && upstream != null) {
            readWhenClientWritable = false;
            upstream.read();
        }
    }

    boolean responseStarted() {
        return responseStarted;
    }

    /** Ends the exchange: counters first, then the last response bytes, then the connections. */
    private void complete(boolean forced, ByteBuf last) {
        phase = Phase.DONE;
        cancelResponseTimer();
        long nanos = System.nanoTime() - startNanos;
        member.stats().requestFinished(status, nanos);
        if (member.group() != null) {
            member.group().finished(status, nanos);
        }
        loop.open().remove(openLink);
        if (last.isReadable()) {
            clientCtx.writeAndFlush(last, clientCtx.voidPromise());
        } else {
            last.release();
            clientCtx.flush();
        }
        detachUpstream(!forced && upstreamReusable && requestSent && requestComplete);
        if (proxy.settings.accessLog()) {
            ProxyContext.ACCESS_LOG.info(
                    "{} \"{} {}\" {} member={} {}ms",
                    clientIp,
                    request.method(),
                    request.uri(),
                    status,
                    member.id(),
                    (System.nanoTime() - startNanos) / 1_000_000);
        }
        front.exchangeDone(clientKeepAlive);
    }

    // ---------------------------------------------------------------- upgrades

    private void beginRelay() {
        phase = Phase.UPGRADED;
        relay = new UpgradeRelay(clientCtx, upstream, member, startNanos, readWhenUpstreamWritable);
        readWhenUpstreamWritable = false;
        relay.start(front, backend);
    }

    void relayToUpstream(ByteBuf bytes) {
        if (phase != Phase.UPGRADED) {
            bytes.release();
            return;
        }
        relay.toUpstream(bytes);
    }

    void relayToClient(ByteBuf bytes) {
        if (phase != Phase.UPGRADED) {
            bytes.release();
            return;
        }
        relay.toClient(bytes);
    }

    private void endUpgrade() {
        phase = Phase.DONE;
        relay.ended();
        loop.open().remove(openLink);
        closeBoth();
    }

    // ---------------------------------------------------------------- failures and endings

    /** The upstream connection closed (or failed) while this exchange was using it. */
    void onUpstreamClosed(Throwable cause) {
        if (phase == Phase.DONE) {
            return;
        }
        if (phase == Phase.UPGRADED) {
            endUpgrade();
            return;
        }
        upstream = null;
        backend = null;
        if (attempts.retryOnNewConnection(cause, responseStarted)) {
            // What the probe would have done had it run: the same member, here on a new connection,
            // which a member that went away refuses (the request then moves on like any refused
            // connect).
            headWritten = false;
            cancelResponseTimer();
            member.stats().requestMoved();
            loop.open().remove(openLink);
            connectTo(member, false);
            return;
        }
        if (!headWritten) {
            moveToAnotherMember("connection to member " + member.id() + " closed before the request was sent");
            return;
        }
        String why = "member " + member.id() + " closed the connection before responding"
                + (cause == null ? "" : " (" + describe(cause) + ")");
        if (!responseStarted) {
            if (attempts.sendsAgainAfterWrite(requestComplete, bodyBytes)) {
                attempts.sentAgainAfterWrite();
                headWritten = false;
                cancelResponseTimer();
                moveToAnotherMember(why);
                return;
            }
            member.stats().requestFailed();
            groupFailed();
            loop.open().remove(openLink);
            finishLocally(HttpResponseStatus.BAD_GATEWAY, why);
            return;
        }
        // Part of the response already went out: the client must see the truncation.
        member.stats().requestFailed();
        groupFailed();
        loop.open().remove(openLink);
        phase = Phase.DONE;
        cancelResponseTimer();
        clientCtx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** The client connection closed: drop everything. */
    void abort() {
        if (phase == Phase.UPGRADED) {
            endUpgrade();
            return;
        }
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.DONE;
        cancelResponseTimer();
        releasePendingBody();
        if (member != null) {
            member.stats().requestAborted();
            loop.open().remove(openLink);
        }
        detachUpstream(false);
    }

    /**
     * The member's drain deadline passed with this exchange still open. An upgraded connection is
     * closed; a chunked response is ended cleanly with its last chunk; anything else is closed.
     */
    void forceClose() {
        if (phase == Phase.DONE) {
            return;
        }
        member.stats().forcedClosure();
        if (phase == Phase.UPGRADED) {
            endUpgrade();
        } else if (responseStarted && chunkedResponse && status >= 200) {
            // Every part forwarded so far ends on a chunk boundary: the last chunk ends it cleanly.
            complete(true, http10Client ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(LAST_CHUNK));
        } else if (!responseStarted) {
            member.stats().requestFailed();
            groupFailed();
            loop.open().remove(openLink);
            detachUpstream(false);
            finishLocally(HttpResponseStatus.BAD_GATEWAY, "member " + member.id() + " was drained before it responded");
        } else {
            member.stats().requestFailed();
            groupFailed();
            loop.open().remove(openLink);
            phase = Phase.DONE;
            closeBoth();
        }
    }

    private void finishLocally(HttpResponseStatus status, String cause) {
        phase = Phase.DONE;
        cancelResponseTimer();
        releasePendingBody();
        front.respondLocally(status, cause, clientKeepAlive);
    }

    private void detachUpstream(boolean reuse) {
        Channel channel = upstream;
        if (channel == null) {
            return;
        }
        upstream = null;
        backend.unbind();
        backend = null;
        if (reuse && channel.isActive() && loop.pool().offer(member.address(), channel)) {
            // A read stays pending while pooled, so a close by the member is noticed at once.
            channel.pipeline()
                    .get(BackendHandler.class)
                    .parked(proxy.settings.upstreamIdleTimeout().toNanos());
            channel.read();
        } else {
            channel.close();
        }
    }

    private void closeBoth() {
        if (upstream != null) {
            Channel channel = upstream;
            upstream = null;
            if (backend != null) {
                backend.unbind();
                backend = null;
            }
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        clientCtx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void releasePendingBody() {
        if (pendingBody != null) {
            pendingBody.release();
        }
    }

    private void cancelResponseTimer() {
        if (backend != null) {
            backend.disarmResponseTimeout();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The request failed without a response: counted on the group of the member it was with. */
    private void groupFailed() {
        if (member != null && member.group() != null) {
            member.group().failed();
        }
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
