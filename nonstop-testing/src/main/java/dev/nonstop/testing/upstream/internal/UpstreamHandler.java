package dev.nonstop.testing.upstream.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Answers the requests of one connection one at a time, in arrival order, so that pipelined requests
 * get their responses in order even when an earlier one is delayed or streamed. Messages that arrive
 * while a response is being produced (or while the channel is not writable) wait in a queue and
 * reading stops until the queue is empty again, which bounds memory.
 *
 * <p>Sits last in the pipeline, after {@code HttpServerCodec} and {@code ChunkedWriteHandler}. On a
 * WebSocket upgrade of {@code /ws} it hands the connection to {@code WebSocketServerProtocolHandler}
 * and {@link WebSocketEchoHandler} and removes itself.
 */
public final class UpstreamHandler extends ChannelInboundHandlerAdapter {
    static final AsciiString REQUEST_ID = AsciiString.cached("x-request-id");
    private static final int MAX_DELAY_MS = 600_000;
    private static final WebSocketServerProtocolConfig WEBSOCKET = WebSocketServerProtocolConfig.newBuilder()
            .websocketPath("/ws")
            .checkStartsWith(true)
            .maxFramePayloadLength(1 << 20)
            .build();

    private enum Phase {
        /** Waiting for a request head. */
        IDLE,
        /** Reading a request's body. */
        RECEIVING,
        /** The request is complete; its response is delayed or still being produced. */
        RESPONDING,
        /** Closing: anything read is dropped. */
        CLOSING,
        /** Handed over to the WebSocket handlers. */
        UPGRADED
    }

    private final UpstreamState state;
    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    private Phase phase = Phase.IDLE;
    private UpstreamRequest current;
    private ScheduledFuture<?> delayed;
    private SseStream sse;
    private boolean drainingQueue;

    public UpstreamHandler(UpstreamState state) {
        this.state = state;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (state.stopping()) {
            closeNow(ctx);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (phase == Phase.CLOSING) {
            ReferenceCountUtil.release(msg);
        } else if (phase == Phase.RESPONDING
                || !queued.isEmpty()
                || !ctx.channel().isWritable()) {
            queued.add(msg);
            ctx.channel().config().setAutoRead(false);
        } else {
            handle(ctx, msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            drainQueue(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == UpstreamEvent.DRAIN || evt instanceof IdleStateEvent) {
            if (evt == UpstreamEvent.DRAIN && sse != null) {
                sse.finish();
            } else if (phase == Phase.IDLE && queued.isEmpty()) {
                closeNow(ctx);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        phase = Phase.CLOSING;
        if (delayed != null) {
            delayed.cancel(false);
            delayed = null;
        }
        if (sse != null) {
            sse.cancel();
            sse = null;
        }
        releaseQueued();
        current = null;
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset by the client is normal for a test upstream; anything else closes the connection too.
        closeNow(ctx);
    }

    private void handle(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest head) {
            onHead(ctx, head);
        }
        if (msg instanceof HttpContent content) {
            try {
                if (phase == Phase.RECEIVING) {
                    onContent(ctx, content);
                }
            } finally {
                content.release();
            }
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(ChannelHandlerContext ctx, HttpRequest head) {
        if (phase != Phase.IDLE) {
            closeNow(ctx);
            return;
        }
        phase = Phase.RECEIVING;
        current = new UpstreamRequest(head);
        state.requestReceived(head.headers().get(REQUEST_ID));
        if (head.decoderResult().isFailure()) {
            rejectAndClose(
                    ctx, "malformed request: " + head.decoderResult().cause().getMessage());
        } else if (HttpUtil.is100ContinueExpected(head)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        if (content.decoderResult().isFailure()) {
            rejectAndClose(
                    ctx,
                    "malformed request body: " + content.decoderResult().cause().getMessage());
            return;
        }
        current.consume(content.content());
        if (content instanceof LastHttpContent) {
            phase = Phase.RESPONDING;
            dispatch(ctx);
        }
    }

    private void dispatch(ChannelHandlerContext ctx) {
        if (current.bench() && !state.stopping()) {
            // The fast path: shared read-only headers, nothing to decide.
            responseWritten(ctx, ctx.writeAndFlush(state.bench().newResponse()), true);
            return;
        }
        if (current.webSocketUpgrade()) {
            upgradeToWebSocket(ctx);
            return;
        }
        int delayMs;
        try {
            delayMs = current.intParam("delay", 0, 0, MAX_DELAY_MS);
        } catch (IllegalArgumentException e) {
            writeFull(ctx, text(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage() + "\n"));
            return;
        }
        if (delayMs == 0) {
            respond(ctx);
        } else {
            delayed = ctx.executor()
                    .schedule(
                            () -> {
                                delayed = null;
                                respond(ctx);
                            },
                            delayMs,
                            TimeUnit.MILLISECONDS);
        }
    }

    private void respond(ChannelHandlerContext ctx) {
        String path = current.path();
        try {
            switch (path) {
                case "/health" -> writeFull(ctx, health(ctx));
                case "/control/health" -> controlHealth(ctx);
                case "/close" -> writeFull(ctx, echo(ctx, path), false);
                case "/bench" ->
                    writeFull(
                            ctx,
                            HttpMethod.GET.equals(current.method())
                                    ? text(ctx, HttpResponseStatus.OK, BenchResponse.BODY)
                                    : echo(ctx, path));
                case "/chunked" -> chunked(ctx);
                case "/sse" -> serverSentEvents(ctx);
                default -> {
                    if (path.startsWith("/status/")) {
                        status(ctx, path);
                    } else if (current.digest() != null) {
                        BodyDigest digest = current.digest();
                        writeFull(
                                ctx,
                                text(
                                        ctx,
                                        HttpResponseStatus.OK,
                                        state.id() + " " + digest.bytes() + " " + digest.crcHex() + "\n"));
                    } else {
                        writeFull(ctx, echo(ctx, path));
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            writeFull(ctx, text(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage() + "\n"));
        }
    }

    private FullHttpResponse health(ChannelHandlerContext ctx) {
        return state.healthy()
                ? text(ctx, HttpResponseStatus.OK, "UP\n")
                : text(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "DOWN\n");
    }

    private void controlHealth(ChannelHandlerContext ctx) {
        if (!HttpMethod.POST.equals(current.method())) {
            FullHttpResponse response = text(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "use POST\n");
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.POST.name());
            writeFull(ctx, response);
            return;
        }
        state.healthy(current.booleanParam("up"));
        writeFull(ctx, text(ctx, HttpResponseStatus.OK, state.healthy() ? "UP\n" : "DOWN\n"));
    }

    private void status(ChannelHandlerContext ctx, String path) {
        String raw = path.substring("/status/".length());
        int code;
        try {
            code = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            code = -1;
        }
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("status: '" + raw + "' (expected: 200..599)");
        }
        HttpResponseStatus status = HttpResponseStatus.valueOf(code);
        boolean bodiless = code == 204 || code == 304 || HttpMethod.HEAD.equals(current.method());
        writeFull(ctx, bodiless ? Responses.bodiless(status, state.id()) : echo(ctx, path, status));
    }

    private void chunked(ChannelHandlerContext ctx) {
        int chunks = current.intParam("chunks", 1, 0, 1_000_000);
        int size = current.intParam("size", 1024, 1, 1 << 20);
        boolean keepAlive = keepAlive(true);
        HttpResponse head = Responses.streamHead(HttpResponseStatus.OK, "application/octet-stream", state.id());
        HttpUtil.setKeepAlive(head, keepAlive);
        ctx.write(head);
        responseWritten(ctx, ctx.writeAndFlush(new HttpChunkedInput(new PatternChunks(chunks, size))), keepAlive);
    }

    private void serverSentEvents(ChannelHandlerContext ctx) {
        int events = current.intParam("events", 10, 0, 1_000_000);
        int intervalMs = current.intParam("intervalMs", 100, events == 0 ? 1 : 0, 3_600_000);
        boolean keepAlive = keepAlive(true);
        sse = new SseStream(ctx, state.id(), events, intervalMs, last -> {
            sse = null;
            responseWritten(ctx, last, keepAlive);
        });
        sse.start(keepAlive);
    }

    private void upgradeToWebSocket(ChannelHandlerContext ctx) {
        HttpRequest head = current.head();
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(
                head.protocolVersion(),
                head.method(),
                head.uri(),
                Unpooled.EMPTY_BUFFER,
                head.headers(),
                EmptyHttpHeaders.INSTANCE);
        phase = Phase.UPGRADED;
        current = null;
        List<Object> rest = new ArrayList<>(queued);
        queued.clear();
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.addAfter(ctx.name(), "ws-protocol", new WebSocketServerProtocolHandler(WEBSOCKET));
        pipeline.addAfter("ws-protocol", "ws-echo", new WebSocketEchoHandler());
        pipeline.remove(this);
        ctx.fireChannelRead(request);
        for (Object msg : rest) {
            ctx.fireChannelRead(msg);
        }
        ctx.channel().config().setAutoRead(true);
    }

    private void writeFull(ChannelHandlerContext ctx, FullHttpResponse response) {
        writeFull(ctx, response, true);
    }

    private void writeFull(ChannelHandlerContext ctx, FullHttpResponse response, boolean mayKeepAlive) {
        boolean keepAlive = keepAlive(mayKeepAlive);
        if (!keepAlive) {
            HttpUtil.setKeepAlive(response, false);
        } else if (!current.head().protocolVersion().isKeepAliveDefault()) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        responseWritten(ctx, ctx.writeAndFlush(response), keepAlive);
    }

    private boolean keepAlive(boolean mayKeepAlive) {
        return mayKeepAlive && current.keepAlive() && !state.stopping();
    }

    /** The response is handed to the pipeline; the next request may be answered (or the connection closed). */
    private void responseWritten(ChannelHandlerContext ctx, ChannelFuture last, boolean keepAlive) {
        current = null;
        if (!keepAlive) {
            phase = Phase.CLOSING;
            releaseQueued();
            last.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        phase = Phase.IDLE;
        drainQueue(ctx);
    }

    private void drainQueue(ChannelHandlerContext ctx) {
        if (drainingQueue) {
            return; // the loop below, further up the stack, goes on
        }
        drainingQueue = true;
        try {
            while ((phase == Phase.IDLE || phase == Phase.RECEIVING)
                    && ctx.channel().isWritable()) {
                Object next = queued.poll();
                if (next == null) {
                    break;
                }
                handle(ctx, next);
            }
        } finally {
            drainingQueue = false;
        }
        if (phase == Phase.IDLE && queued.isEmpty() && state.stopping()) {
            closeNow(ctx);
        } else if (queued.isEmpty() && (phase == Phase.IDLE || phase == Phase.RECEIVING)) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void rejectAndClose(ChannelHandlerContext ctx, String message) {
        FullHttpResponse response = text(ctx, HttpResponseStatus.BAD_REQUEST, message + "\n");
        HttpUtil.setKeepAlive(response, false);
        phase = Phase.CLOSING;
        current = null;
        releaseQueued();
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void closeNow(ChannelHandlerContext ctx) {
        phase = Phase.CLOSING;
        releaseQueued();
        ctx.close();
    }

    private void releaseQueued() {
        Object msg;
        while ((msg = queued.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    private FullHttpResponse echo(ChannelHandlerContext ctx, String path) {
        return echo(ctx, path, HttpResponseStatus.OK);
    }

    private FullHttpResponse echo(ChannelHandlerContext ctx, String path, HttpResponseStatus status) {
        return text(ctx, status, state.id() + " " + path + "\n");
    }

    private FullHttpResponse text(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
        return Responses.text(ctx.alloc(), status, state.id(), body);
    }
}
