package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.http.RequestDecoder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;

/**
 * First handler of a client connection, before the {@link RequestDecoder}: the connection's two timeouts on
 * one lazily rescheduled timer.
 *
 * <ul>
 *   <li><b>idle</b>: while the connection waits for a request, or for more of a request body, it
 *       may stay silent for the idle timeout; then {@link FrontendHandler} gets an {@link
 *       IdleStateEvent} (it closes an idle keep-alive connection, answers a stalled body with 408);
 *   <li><b>head</b>: from the first byte of a request head, the whole head must arrive within the
 *       header-read timeout, however slowly bytes trickle in (slowloris); then 408 and close.
 * </ul>
 *
 * While an exchange waits for its response no timeout runs here (the response timeout is the
 * upstream connection's).
 */
final class ClientTimeoutHandler extends ChannelDuplexHandler {
    private enum Waiting {
        REQUEST,
        HEAD,
        BODY,
        NOTHING
    }

    private final long idleNanos;
    private final long headNanos;
    private final Runnable onHeadTimeout;
    private ChannelHandlerContext ctx;
    private LazyTimeout timer;
    private Waiting waiting = Waiting.REQUEST;

    ClientTimeoutHandler(Duration idleTimeout, Duration headerReadTimeout, Runnable onHeadTimeout) {
        this.idleNanos = idleTimeout.toNanos();
        this.headNanos = headerReadTimeout.toNanos();
        this.onHeadTimeout = onHeadTimeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.timer = new LazyTimeout(ctx.executor(), this::expired);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer.arm(idleNanos);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (waiting == Waiting.REQUEST) {
            waiting = Waiting.HEAD;
            timer.arm(headNanos);
        } else if (waiting == Waiting.BODY) {
            timer.arm(idleNanos);
        }
        ctx.fireChannelRead(msg);
    }

    /** A complete request head was decoded; {@code bodyFollows} when body content is still to come. */
    void headReceived(boolean bodyFollows) {
        if (bodyFollows) {
            waiting = Waiting.BODY;
            timer.arm(idleNanos);
        } else {
            waiting = Waiting.NOTHING;
            timer.disarm();
        }
    }

    /** The current request's body is complete. */
    void bodyReceived() {
        if (waiting == Waiting.BODY) {
            waiting = Waiting.NOTHING;
            timer.disarm();
        }
    }

    /** The connection waits for the next request. */
    void awaitNextRequest() {
        waiting = Waiting.REQUEST;
        timer.arm(idleNanos);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timer.cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timer.cancel();
        ctx.fireChannelInactive();
    }

    private void expired() {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (waiting == Waiting.HEAD) {
            onHeadTimeout.run();
            ctx.channel()
                    .writeAndFlush(LocalResponses.of(
                            HttpResponseStatus.REQUEST_TIMEOUT, "request head not received in time", false))
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (waiting != Waiting.NOTHING) {
            ctx.fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        }
    }
}
