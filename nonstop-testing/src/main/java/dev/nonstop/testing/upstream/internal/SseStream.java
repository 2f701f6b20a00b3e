package dev.nonstop.testing.upstream.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@code text/event-stream} response: one event right away, then one every interval on the event
 * loop, until the count is reached ({@code events = 0}: until {@link #finish()} or the connection
 * closes). Event {@code i} is {@code id: i}, {@code data: <upstream id> <i>}.
 */
final class SseStream {
    private static final AsciiString EVENT_STREAM = AsciiString.cached("text/event-stream");

    private final ChannelHandlerContext ctx;
    private final String upstreamId;
    private final int events;
    private final long intervalMs;
    private final Consumer<ChannelFuture> onEnd;
    private ScheduledFuture<?> next;
    private int sent;
    private boolean ended;

    /**
     * @param events events to send, 0 for no limit
     * @param onEnd called once on the event loop with the future of the last write when the stream
     *     ends normally (not when it is cancelled)
     */
    SseStream(
            ChannelHandlerContext ctx, String upstreamId, int events, long intervalMs, Consumer<ChannelFuture> onEnd) {
        this.ctx = ctx;
        this.upstreamId = upstreamId;
        this.events = events;
        this.intervalMs = intervalMs;
        this.onEnd = onEnd;
    }

    void start(boolean keepAlive) {
        HttpResponse head = Responses.streamHead(HttpResponseStatus.OK, EVENT_STREAM, upstreamId);
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        HttpUtil.setKeepAlive(head, keepAlive);
        ctx.write(head);
        tick();
    }

    /** Ends the stream now with its last chunk (the upstream is stopping). */
    void finish() {
        if (ended) {
            return;
        }
        cancel();
        ended = true;
        onEnd.accept(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
    }

    /** Stops sending without ending the response (the connection is gone). */
    void cancel() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    private void tick() {
        next = null;
        if (ended || !ctx.channel().isActive()) {
            return;
        }
        sent++;
        String event = "id: " + sent + "\ndata: " + upstreamId + " " + sent + "\n\n";
        ctx.writeAndFlush(new DefaultHttpContent(ByteBufUtil.writeUtf8(ctx.alloc(), event)));
        if (events > 0 && sent >= events) {
            finish();
        } else {
            next = ctx.executor().schedule(this::tick, intervalMs, TimeUnit.MILLISECONDS);
        }
    }
}
