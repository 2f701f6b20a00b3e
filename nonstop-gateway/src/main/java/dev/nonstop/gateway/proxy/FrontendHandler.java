package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.http.BodyPart;
import dev.nonstop.gateway.http.MalformedBody;
import dev.nonstop.gateway.http.RequestChecks;
import dev.nonstop.gateway.http.RequestDecoder;
import dev.nonstop.gateway.http.RequestHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Last handler of a client connection (after the {@link RequestDecoder}, from which it gets
 * {@link RequestHead}s and {@link BodyPart}s). Runs one {@link Exchange} at a time;
 * requests pipelined behind it wait in a queue. Reading is explicit ({@code AUTO_READ} off): the
 * connection reads when it waits for a request, or when the exchange has sent the previous body
 * chunk on and the member can take more.
 *
 * <p>After a {@code 101 Switching Protocols} the decoder is removed and this handler relays raw bytes
 * to the exchange's upstream connection.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
    private final ProxyContext proxy;
    private final ArrayDeque<Object> queued = new ArrayDeque<>(2);
    private ChannelHandlerContext ctx;
    /** The connection's timeouts; gone after an upgrade, when only bytes are relayed. */
    private ClientTimeoutHandler timeouts;

    private RequestDecoder decoder;

    private String clientIp = "unknown";
    private byte[] clientIpBytes = clientIp.getBytes(StandardCharsets.US_ASCII);
    /** The peer's address bytes (4 or 16), looked up on first use; {@code null} before. */
    private byte[] peerAddress;

    private Exchange current;
    private boolean receivingBody;
    private boolean requestHasBody;
    private boolean closeAfterExchange;
    private boolean relaying;

    FrontendHandler(ProxyContext proxy) {
        this.proxy = proxy;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.timeouts = (ClientTimeoutHandler) ctx.pipeline().get(ClientChannelInitializer.TIMEOUTS);
        this.decoder = (RequestDecoder) ctx.pipeline().get(ClientChannelInitializer.DECODER);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (proxy.shuttingDown()) {
            ctx.close();
            return;
        }
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null) {
            clientIp = remote.getAddress().getHostAddress();
            clientIpBytes = clientIp.getBytes(StandardCharsets.US_ASCII);
        }
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (relaying) {
            current.relayToUpstream((ByteBuf) msg);
            return;
        }
        if (msg instanceof RequestHead head) {
            timeouts.headReceived(head.failure() == null && head.expectsBody());
        } else if (msg instanceof BodyPart part && part.last()) {
            timeouts.bodyReceived();
        }
        if (!queued.isEmpty() || (current != null && !receivingBody)) {
            queued.add(msg);
            return;
        }
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        if (msg instanceof MalformedBody malformed) {
            bodyMalformed(malformed);
            return;
        }
        if (current != null) {
            // receivingBody: a part of the current request's body.
            BodyPart part = (BodyPart) msg;
            if (part.last()) {
                receivingBody = false;
            }
            current.onRequestContent(part);
            return;
        }
        if (msg instanceof RequestHead request) {
            startExchange(request);
        } else {
            // Body of a request answered locally: dropped until its end.
            ReferenceCountUtil.release(msg);
            if (msg instanceof BodyPart part && part.last()) {
                next();
            }
        }
    }

    private void startExchange(RequestHead request) {
        RequestChecks.Refusal refusal = RequestChecks.check(request, proxy.settings.maxBodySize());
        if (refusal != null) {
            proxy.stats.rejected();
            // Framing can no longer be trusted, or the body is unwanted: answer and close.
            respondLocally(refusal.status(), refusal.cause(), false);
            return;
        }
        boolean keepAlive = request.keepAlive() && !proxy.shuttingDown() && !closeAfterExchange;
        requestHasBody = request.expectsBody();
        receivingBody = requestHasBody;
        current = new Exchange(proxy, this, ctx, clientIp, clientIpBytes, request, keepAlive);
        current.start();
        if (current != null && !receivingBody && queued.isEmpty()) {
            // Read ahead while the exchange runs. A keep-alive client sends nothing more until it
            // has its response, and a read left pending spares two epoll_ctl calls per request
            // (read interest off after this read, on again for the next request). A pipelining
            // client gets one read's worth queued at most: no read is asked for while the queue
            // holds anything.
            ctx.read();
        }
    }

    /** The request body's framing broke after its head was passed on: nothing after it can be framed. */
    private void bodyMalformed(MalformedBody malformed) {
        proxy.stats.rejected();
        if (current != null) {
            // Answers 400 (or closes, once a response started) and closes the connection.
            current.requestBodyMalformed(malformed.reason());
        } else {
            // The request was already answered; its body was being dropped.
            closeQuietly();
        }
    }

    /**
     * Answers the current request from the gateway itself (no member involved). A request with a
     * body that is still arriving is answered with {@code Connection: close}.
     */
    void respondLocally(HttpResponseStatus status, String cause, boolean keepAlive) {
        current = null;
        boolean bodyStillArriving = receivingBody && requestHasBody;
        boolean keep = keepAlive && !bodyStillArriving && !closeAfterExchange && !proxy.shuttingDown();
        ByteBuf response = LocalResponses.of(status, cause, keep);
        if (keep) {
            ctx.writeAndFlush(response);
            receivingBody = false;
            next();
        } else {
            receivingBody = false;
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The client's (TCP peer's) address as ASCII text. */
    byte[] clientIpBytes() {
        return clientIpBytes;
    }

    /** The TCP peer's address, 4 or 16 bytes, or {@code null} when not an IP connection. */
    byte[] peerAddress() {
        if (peerAddress == null
                && ctx.channel().remoteAddress() instanceof InetSocketAddress remote
                && remote.getAddress() != null) {
            peerAddress = remote.getAddress().getAddress();
        }
        return peerAddress;
    }

    /** Called by the exchange when its request may receive more body: read when the member can take it. */
    void readMore() {
        if (!queued.isEmpty()) {
            drainQueuedBody();
        } else {
            ctx.read();
        }
    }

    private void drainQueuedBody() {
        Object msg;
        while (current != null
                && receivingBody
                && (msg = queued.peekFirst()) != null
                && !(msg instanceof RequestHead)) {
            queued.pollFirst();
            dispatch(msg);
        }
    }

    /** The exchange is complete (response sent in full, or failed and answered). */
    void exchangeDone(boolean keepAlive) {
        current = null;
        if (!keepAlive || closeAfterExchange || proxy.shuttingDown()) {
            closeQuietly();
            return;
        }
        if (receivingBody) {
            // The member answered before the client finished sending: the rest of the body is
            // dropped (dispatch drops content when no exchange runs) so the next request is framed right.
            receivingBody = false;
        }
        next();
    }

    private void next() {
        timeouts.awaitNextRequest();
        if (decoder.paused()) {
            // An upgrade was asked for and did not happen: what follows is HTTP again.
            decoder.resume();
        }
        while (current == null && !queued.isEmpty() && ctx.channel().isActive()) {
            dispatch(queued.pollFirst());
        }
        if (current == null || receivingBody) {
            ctx.read();
        }
    }

    /** Switches the connection to a byte relay after a {@code 101 Switching Protocols}. */
    void upgraded() {
        relaying = true;
        ctx.pipeline().remove(ClientChannelInitializer.TIMEOUTS);
        // Removing the decoder forwards bytes it had buffered to this handler, as raw ByteBufs.
        ctx.pipeline().remove(ClientChannelInitializer.DECODER);
        ctx.read();
    }

    /** The gateway is stopping: close now when idle, otherwise after the exchange in progress. */
    void shutdown() {
        closeAfterExchange = true;
        if (current == null) {
            closeQuietly();
        }
    }

    boolean closeRequested() {
        return closeAfterExchange;
    }

    private void closeQuietly() {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && current != null) {
            current.clientWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (current == null) {
                ctx.close();
            } else if (receivingBody && !current.responseStarted()) {
                proxy.stats.rejected();
                Exchange stalled = current;
                stalled.abort();
                respondLocally(HttpResponseStatus.REQUEST_TIMEOUT, "request body not received in time", false);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (current != null) {
            current.abort();
            current = null;
        }
        Object msg;
        while ((msg = queued.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and the like: the connection is gone; channelInactive cleans up.
        ctx.close();
    }
}
