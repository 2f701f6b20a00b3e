package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.balancing.MemberHandle;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * One request and its response, from the request head to the last response byte. Lives on the
 * client connection's event loop; every method runs there.
 *
 * <p>Retry rules, the heart of "never lose a request that did not reach a member": a refused or
 * failed connect, or a pooled connection that fails before the request head is written, moves the
 * request to another member whatever its method (the body is held back until the head is written,
 * so nothing is lost). After the head was written, only an idempotent request with no body is
 * retried, at most once, and never after a response byte went to the client.
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

    private static final int MAX_MEMBERS_TRIED = 10;

    private final ProxyContext proxy;
    private final FrontendHandler front;
    private final ChannelHandlerContext clientCtx;
    private final HttpRequest request;
    private final String clientIp;
    private final HttpVersion clientVersion;
    private final boolean idempotent;
    private final long startNanos = System.nanoTime();
    private final ArrayDeque<HttpContent> pendingBody = new ArrayDeque<>(2);
    private boolean clientKeepAlive;
    private Phase phase = Phase.CONNECTING;
    private AppRuntime app;
    private MemberHandle member;
    private String pinnedMemberId;
    private Set<String> tried = Set.of();
    private boolean retriedAfterWrite;
    private Channel upstream;
    private BackendHandler backend;
    private boolean headWritten;
    private long bodyBytes;
    private boolean requestComplete;
    private boolean requestSent;
    private boolean responseStarted;
    private boolean informational;
    private boolean upgradeRequested;
    private boolean upgrading;
    private boolean upstreamReusable;
    private boolean chunkedResponse;
    private int status;
    private LoopResources loop;
    private final OpenExchanges.Link openLink = new OpenExchanges.Link(this);
    private boolean readWhenUpstreamWritable;
    private boolean readWhenClientWritable;

    Exchange(
            ProxyContext proxy,
            FrontendHandler front,
            ChannelHandlerContext clientCtx,
            String clientIp,
            HttpRequest request,
            boolean keepAlive) {
        this.clientIp = clientIp;
        this.proxy = proxy;
        this.front = front;
        this.clientCtx = clientCtx;
        this.request = request;
        this.clientVersion = request.protocolVersion();
        this.idempotent = isIdempotent(request);
        this.clientKeepAlive = keepAlive;
    }

    // ---------------------------------------------------------------- request side

    void start() {
        CompiledTable table = proxy.table();
        app = table.catchAll();
        if (app == null) {
            app = table.route(table.hasHostRoutes() ? hostOf(request) : null, pathOf(request.uri()));
        }
        if (app == null) {
            proxy.stats.noRoute();
            finishLocally(HttpResponseStatus.NOT_FOUND, "no route for this host and path");
            return;
        }
        upgradeRequested = request.headers().contains(HttpHeaderNames.UPGRADE)
                && request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
        String cookieName = app.stickyCookie();
        if (cookieName != null) {
            pinnedMemberId = stickyMember(request, cookieName);
        }
        ForwardingHeaders.rewriteRequest(request.headers(), clientIp, upgradeRequested);
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        MemberHandle first = app.choose(pinnedMemberId, tried);
        if (first == null) {
            proxy.stats.noMember();
            finishLocally(
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "no available member for app " + app.app().name());
            return;
        }
        connectTo(first);
    }

    void onRequestContent(HttpContent content) {
        bodyBytes += content.content().readableBytes();
        if (content instanceof LastHttpContent) {
            requestComplete = true;
        }
        long max = proxy.settings.maxBodySize();
        if (max > 0 && bodyBytes > max) {
            content.release();
            bodyTooLarge();
            return;
        }
        if (phase == Phase.DONE || phase == Phase.UPGRADED) {
            content.release();
            return;
        }
        if (!headWritten) {
            pendingBody.add(content);
            return;
        }
        upstream.writeAndFlush(content);
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
        if (readWhenUpstreamWritable) {
            readWhenUpstreamWritable = false;
            if (phase == Phase.UPGRADED) {
                clientCtx.read();
            } else if (!requestComplete) {
                front.readMore();
            }
        }
    }

    private void bodyTooLarge() {
        proxy.stats.rejected();
        if (responseStarted) {
            closeBoth();
            return;
        }
        if (member != null && phase != Phase.DONE) {
            member.stats().requestAborted();
            loop.open().remove(openLink);
        }
        detachUpstream(false);
        finishLocally(
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "body larger than " + proxy.settings.maxBodySize() + " bytes");
    }

    // ---------------------------------------------------------------- choosing and connecting

    private void connectTo(MemberHandle next) {
        member = next;
        next.stats().requestStarted();
        if (loop == null) {
            loop = proxy.loop(clientCtx.executor());
        }
        loop.open().add(next.id(), openLink);
        phase = Phase.CONNECTING;
        Channel pooled = loop.pool().poll(next.address());
        if (pooled != null) {
            attach(pooled);
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
        int failures = failed.stats().connectFailed();
        int ejectAfter = app.app().ejectAfterConnectFailures();
        if (ejectAfter > 0 && failures >= ejectAfter && failed.stats().healthy()) {
            failed.stats().markHealthy(false);
            GatewayLog.LOG.warn(
                    "member {} ejected after {} consecutive connect failures ({})", failed.id(), failures, cause);
        }
        moveToAnotherMember("connect to member " + failed.id() + " failed: " + cause);
    }

    /** Nothing of the request reached the current member: try another one. */
    private void moveToAnotherMember(String cause) {
        member.stats().requestMoved();
        loop.open().remove(openLink);
        if (tried.isEmpty()) {
            tried = new HashSet<>(4);
        }
        tried.add(member.id());
        MemberHandle next = tried.size() < MAX_MEMBERS_TRIED ? app.choose(null, tried) : null;
        if (next == null) {
            finishLocally(HttpResponseStatus.BAD_GATEWAY, cause);
            return;
        }
        connectTo(next);
    }

    private void attach(Channel channel) {
        upstream = channel;
        backend = channel.pipeline().get(BackendHandler.class);
        backend.bind(this);
        phase = Phase.ATTACHED;
        headWritten = false;
        // Void promises: a failed write reaches BackendHandler.exceptionCaught, which moves the
        // request on while its head is unsent. No listener per request on the hot path.
        channel.write(request, channel.voidPromise());
        if (pendingBody.isEmpty() && requestComplete && bodyBytes == 0) {
            // A bodiless request moved here after its first member failed: end it again.
            channel.write(LastHttpContent.EMPTY_LAST_CONTENT, channel.voidPromise());
        }
        for (HttpContent content : pendingBody) {
            // Duplicates, so the originals survive for another member if this write fails.
            channel.write(content.retainedDuplicate(), channel.voidPromise());
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
        HttpContent content;
        while ((content = pendingBody.poll()) != null) {
            if (content instanceof LastHttpContent) {
                requestSent = true;
            }
            content.release();
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
        loop.open().remove(openLink);
        detachUpstream(false);
        finishLocally(
                HttpResponseStatus.GATEWAY_TIMEOUT,
                "member " + member.id() + " did not respond within "
                        + proxy.settings.responseTimeout().toMillis() + " ms");
    }

    // ---------------------------------------------------------------- response side

    void onResponseHead(HttpResponse response) {
        int code = response.status().code();
        if (code == 101 && upgradeRequested) {
            cancelResponseTimer();
            upgrading = true;
            responseStarted = true;
            status = code;
            ForwardingHeaders.rewriteResponse(response.headers(), true);
            clientCtx.write(response);
            return;
        }
        if (code >= 100 && code < 200) {
            // 100 Continue, 103 Early Hints: passed on; the final response follows.
            informational = true;
            responseStarted = true;
            ForwardingHeaders.rewriteResponse(response.headers(), false);
            clientCtx.write(response);
            return;
        }
        cancelResponseTimer();
        informational = false;
        status = code;
        upstreamReusable = HttpUtil.isKeepAlive(response);
        ForwardingHeaders.rewriteResponse(response.headers(), false);
        String cookieName = app.stickyCookie();
        if (cookieName != null && !member.id().equals(pinnedMemberId)) {
            response.headers()
                    .add(
                            HttpHeaderNames.SET_COOKIE,
                            cookieName + "=" + member.id() + "; Path=/; HttpOnly; SameSite=Lax");
        }
        chunkedResponse = HttpUtil.isTransferEncodingChunked(response);
        if (clientVersion.equals(HttpVersion.HTTP_1_0) && chunkedResponse) {
            // HTTP/1.0 has no chunked encoding: send the body raw and end it by closing.
            HttpUtil.setTransferEncodingChunked(response, false);
            clientKeepAlive = false;
        }
        if (front.closeRequested() || proxy.shuttingDown()) {
            clientKeepAlive = false;
        }
        response.setProtocolVersion(clientVersion);
        HttpUtil.setKeepAlive(response, clientKeepAlive);
        responseStarted = true;
        clientCtx.write(response);
    }

    void onResponseContent(HttpContent content) {
        if (upgrading) {
            clientCtx.writeAndFlush(content);
            if (content instanceof LastHttpContent) {
                beginRelay();
            }
            return;
        }
        if (informational) {
            clientCtx.write(content);
            if (content instanceof LastHttpContent) {
                informational = false;
            }
            return;
        }
        if (content instanceof LastHttpContent) {
            // Counted as finished before the last bytes leave: a client that has its response
            // never sees the member still counting it in flight.
            complete(false, content);
        } else {
            clientCtx.write(content);
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
    private void complete(boolean forced, HttpContent last) {
        phase = Phase.DONE;
        cancelResponseTimer();
        member.stats().requestFinished(status, System.nanoTime() - startNanos);
        loop.open().remove(openLink);
        clientCtx.writeAndFlush(last);
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
        upgrading = false;
        phase = Phase.UPGRADED;
        member.stats().upgradeStarted();
        backend.upgraded();
        front.upgraded();
        upstream.read();
    }

    void relayToUpstream(ByteBuf bytes) {
        if (phase != Phase.UPGRADED || !ProxyContext.isOpen(upstream)) {
            bytes.release();
            return;
        }
        upstream.writeAndFlush(bytes);
        if (upstream.isWritable()) {
            clientCtx.read();
        } else {
            readWhenUpstreamWritable = true;
        }
    }

    void relayToClient(ByteBuf bytes) {
        if (phase != Phase.UPGRADED) {
            bytes.release();
            return;
        }
        clientCtx.write(bytes);
    }

    private void endUpgrade() {
        phase = Phase.DONE;
        member.stats().upgradeEnded();
        member.stats().requestFinished(101, System.nanoTime() - startNanos);
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
        if (!headWritten) {
            moveToAnotherMember("connection to member " + member.id() + " closed before the request was sent");
            return;
        }
        String why = "member " + member.id() + " closed the connection before responding"
                + (cause == null ? "" : " (" + describe(cause) + ")");
        if (!responseStarted) {
            if (idempotent && requestComplete && bodyBytes == 0 && !retriedAfterWrite) {
                retriedAfterWrite = true;
                headWritten = false;
                cancelResponseTimer();
                moveToAnotherMember(why);
                return;
            }
            member.stats().requestFailed();
            loop.open().remove(openLink);
            finishLocally(HttpResponseStatus.BAD_GATEWAY, why);
            return;
        }
        // Part of the response already went out: the client must see the truncation.
        member.stats().requestFailed();
        loop.open().remove(openLink);
        phase = Phase.DONE;
        cancelResponseTimer();
        clientCtx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
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
        } else if (responseStarted && chunkedResponse && !informational && !upgrading) {
            complete(true, LastHttpContent.EMPTY_LAST_CONTENT);
        } else if (!responseStarted) {
            member.stats().requestFailed();
            loop.open().remove(openLink);
            detachUpstream(false);
            finishLocally(HttpResponseStatus.BAD_GATEWAY, "member " + member.id() + " was drained before it responded");
        } else {
            member.stats().requestFailed();
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
            channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        clientCtx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void releasePendingBody() {
        HttpContent content;
        while ((content = pendingBody.poll()) != null) {
            content.release();
        }
    }

    private void cancelResponseTimer() {
        if (backend != null) {
            backend.disarmResponseTimeout();
        }
    }

    // ---------------------------------------------------------------- helpers

    static String hostOf(HttpRequest request) {
        String uri = request.uri();
        String host;
        if (uri.startsWith("http://") || uri.startsWith("https://")) {
            int start = uri.indexOf("//") + 2;
            int end = uri.indexOf('/', start);
            host = end < 0 ? uri.substring(start) : uri.substring(start, end);
        } else {
            host = request.headers().get(HttpHeaderNames.HOST);
        }
        if (host == null || host.isEmpty()) {
            return null;
        }
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) {
            host = host.substring(0, colon);
        }
        return host.toLowerCase(Locale.ROOT);
    }

    static String pathOf(String uri) {
        if (uri.startsWith("http://") || uri.startsWith("https://")) {
            int slash = uri.indexOf('/', uri.indexOf("//") + 2);
            uri = slash < 0 ? "/" : uri.substring(slash);
        }
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    private static String stickyMember(HttpRequest request, String cookieName) {
        for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie cookie : ServerCookieDecoder.LAX.decode(header)) {
                if (cookie.name().equals(cookieName)) {
                    return cookie.value();
                }
            }
        }
        return null;
    }

    private static boolean isIdempotent(HttpRequest request) {
        return switch (request.method().name()) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> request.headers().contains("Idempotency-Key");
        };
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
