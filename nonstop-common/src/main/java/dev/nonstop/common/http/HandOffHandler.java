package dev.nonstop.common.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each aggregated, authenticated request off the event loop to the {@link ControlApiHandler}, on the server's
 * executor, and writes what it answers. One request of a connection at a time: the connection stops reading while
 * one is served, and requests that were already decoded wait here, so pipelined requests are answered in order. A
 * handler's {@link RuntimeException} becomes a 500 problem; an executor that refuses work (the server is closing) a
 * 503 and the connection closes. A spooled body's file ({@link SpooledHttpRequest}) is deleted once the handler
 * returns, unless it moved the file, and with any request dropped unserved. The last handler of a control API's
 * pipeline, after the body aggregator.
 */
final class HandOffHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HandOffHandler.class);

    private final String name;
    private final ControlApiHandler handler;
    private final Executor executor;
    private final Queue<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean busy;

    HandOffHandler(String name, ControlApiHandler handler, Executor executor) {
        this.name = name;
        this.handler = handler;
        this.executor = executor;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.channel().config().setAutoRead(false);
        if (busy) {
            waiting.add(request);
            return;
        }
        handOff(ctx, request);
    }

    private void handOff(ChannelHandlerContext ctx, FullHttpRequest request) {
        busy = true;
        try {
            executor.execute(() -> serve(ctx, request));
        } catch (RejectedExecutionException closing) {
            SpooledHttpRequest.discard(request);
            ctx.writeAndFlush(ControlResponses.closing(ControlResponses.problem(
                            HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", name + " is closing")))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** On the executor: answers {@code request}, then serves the next one or lets the connection read again. */
    private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response;
        try {
            response = handler.handle(new ControlRequest(ctx.channel(), request));
        } catch (RuntimeException e) {
            log.error("{}: {} {} failed", name, request.method(), request.uri(), e);
            response = ControlResponses.problem(
                    HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error", "internal error: " + e);
        } finally {
            SpooledHttpRequest.discard(request);
        }
        if (response != null) {
            ctx.writeAndFlush(response).addListener(f -> next(ctx));
        }
    }

    /** On the event loop, once a response is written. */
    private void next(ChannelHandlerContext ctx) {
        busy = false;
        FullHttpRequest request = waiting.poll();
        if (request == null) {
            ctx.channel().config().setAutoRead(true);
        } else if (ctx.channel().isActive()) {
            handOff(ctx, request);
        } else {
            SpooledHttpRequest.discard(request);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        for (FullHttpRequest request; (request = waiting.poll()) != null; ) {
            SpooledHttpRequest.discard(request);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        handlerRemoved(ctx);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{}: closing connection from {}: {}", name, ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
