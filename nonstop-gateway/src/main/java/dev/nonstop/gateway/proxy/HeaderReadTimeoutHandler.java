package dev.nonstop.gateway.proxy;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sits before the HTTP codec on a client connection. When the first byte of a request head
 * arrives it starts a timer; {@link FrontendHandler} stops it when the head is complete. A head
 * that takes longer (slowloris) gets 408 and the connection is closed.
 */
final class HeaderReadTimeoutHandler extends ChannelDuplexHandler {
    private final long timeoutNanos;
    private final Runnable onTimeout;
    private ScheduledFuture<?> timer;
    private boolean awaitingHead = true;
    private ChannelHandlerContext ctx;

    HeaderReadTimeoutHandler(Duration timeout, Runnable onTimeout) {
        this.timeoutNanos = timeout.toNanos();
        this.onTimeout = onTimeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (awaitingHead && timer == null) {
            timer = ctx.executor().schedule(this::expired, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    /** A complete request head was decoded. */
    void headReceived() {
        cancel();
        awaitingHead = false;
    }

    /** The connection waits for the next request head. */
    void awaitNextHead() {
        awaitingHead = true;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expired() {
        timer = null;
        if (awaitingHead && ctx.channel().isActive()) {
            onTimeout.run();
            ctx.channel()
                    .writeAndFlush(LocalResponses.of(
                            HttpResponseStatus.REQUEST_TIMEOUT, "request head not received in time", false))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
