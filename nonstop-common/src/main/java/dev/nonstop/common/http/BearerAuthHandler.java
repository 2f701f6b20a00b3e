package dev.nonstop.common.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The per-connection part of {@link BearerAuth}: lets a request through only with the right bearer token, deciding
 * on the head; answers 401 otherwise, whatever the path, so an unauthenticated caller learns nothing. Answers 400
 * (and closes) when the codec could not decode the head. Sits right after the HTTP codec, before the keep-alive
 * handler (which sees only requests let through, and would otherwise close a lingering connection at once) and the
 * body aggregator.
 */
final class BearerAuthHandler extends ChannelInboundHandlerAdapter {
    private static final String BEARER = "Bearer ";

    private final BearerAuth auth;
    private boolean authenticated;
    private boolean discarding;
    private boolean closing;
    private ScheduledFuture<?> deadline;

    BearerAuthHandler(BearerAuth auth) {
        this.auth = auth;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        auth.admit(ctx.channel());
        deadline = ctx.executor()
                .schedule(() -> timedOut(ctx), auth.authenticationTimeout.toNanos(), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stopClock();
        auth.release(ctx.channel());
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stopClock();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof BearerAuth.Evicted evicted) {
            // Closed at once, without an answer: under a flood of connections this is the cheapest way out, and a
            // caller with the token sends its head at once, so it is hardly ever the oldest.
            stopClock();
            closing = true;
            report(ctx, null, evicted.reason());
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            discarding = false;
            if (request.decoderResult().isFailure()) {
                Throwable cause = request.decoderResult().cause();
                ReferenceCountUtil.release(msg);
                String why = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
                refuse(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed", "malformed HTTP request" + why);
                return;
            }
            String refusal = refusal(request);
            if (refusal == null) {
                if (!authenticated) {
                    authenticated = true;
                    stopClock();
                    auth.release(ctx.channel());
                }
                ctx.fireChannelRead(msg);
                return;
            }
            boolean bodyFollows = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            if (bodyFollows && !discardable(request)) {
                refuseAndLinger(ctx, request, refusal);
            } else if (!HttpUtil.isKeepAlive(request)) {
                refuse(ctx, request, HttpResponseStatus.UNAUTHORIZED, "unauthorized", refusal);
            } else {
                discarding = bodyFollows;
                report(ctx, request, refusal);
                ctx.writeAndFlush(unauthorized(refusal));
            }
            return;
        }
        if (discarding && msg instanceof HttpContent) {
            discarding = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Stops the clock of the authentication timeout. */
    private void stopClock() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    /** Why the request is refused, or null when its token is right. */
    private String refusal(HttpRequest request) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return "missing bearer token (expected: Authorization: Bearer <token>)";
        }
        if (!auth.token.test(authorization.substring(BEARER.length()).strip())) {
            return "invalid token";
        }
        return null;
    }

    /**
     * Whether a refused request's body is small enough to read and throw away, keeping the connection: a {@code
     * Content-Length} up to {@link BearerAuth#DISCARD_LIMIT} (none is 0), not chunked, and no {@code Expect:
     * 100-continue} (its client may never send the body it announced).
     */
    private static boolean discardable(HttpRequest request) {
        if (HttpUtil.isTransferEncodingChunked(request)) {
            return false;
        }
        long length = Math.max(0, HttpUtil.getContentLength(request, 0L));
        return length == 0 || (length <= BearerAuth.DISCARD_LIMIT && !HttpUtil.is100ContinueExpected(request));
    }

    /**
     * Answers 401 and closes, without reading the body: the connection stops reading now and is closed at the end of
     * the authentication timeout, or at once when too many already linger.
     */
    private void refuseAndLinger(ChannelHandlerContext ctx, HttpRequest request, String refusal) {
        stopClock();
        if (!auth.linger(ctx.channel())) {
            refuse(ctx, request, HttpResponseStatus.UNAUTHORIZED, "unauthorized", refusal);
            return;
        }
        closing = true;
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> ctx.close(), auth.authenticationTimeout.toNanos(), TimeUnit.NANOSECONDS);
        report(ctx, request, refusal);
        ctx.writeAndFlush(ControlResponses.closing(unauthorized(refusal)));
    }

    /** Answers {@code status} and closes the connection; {@code request} is null for a refusal without one. */
    private void refuse(
            ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String code, String message) {
        closing = true;
        report(ctx, request, message);
        FullHttpResponse response = status.equals(HttpResponseStatus.UNAUTHORIZED)
                ? unauthorized(message)
                : auth.errors.error(status, code, message);
        ctx.writeAndFlush(ControlResponses.closing(response)).addListener(ChannelFutureListener.CLOSE);
    }

    private void report(ChannelHandlerContext ctx, HttpRequest request, String reason) {
        auth.onRefused.accept(new RefusedRequest(
                ctx.channel().remoteAddress(),
                Optional.ofNullable(request).map(r -> r.method().name()),
                Optional.ofNullable(request).map(r -> new QueryStringDecoder(r.uri()).rawPath()),
                reason));
    }

    private FullHttpResponse unauthorized(String message) {
        FullHttpResponse response = auth.errors.error(HttpResponseStatus.UNAUTHORIZED, "unauthorized", message);
        String error = message.equals("invalid token") ? ", error=\"invalid_token\"" : "";
        response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"" + auth.realm + "\"" + error);
        return response;
    }

    private void timedOut(ChannelHandlerContext ctx) {
        if (authenticated || closing || !ctx.channel().isActive()) {
            return;
        }
        auth.release(ctx.channel());
        refuse(
                ctx,
                null,
                HttpResponseStatus.REQUEST_TIMEOUT,
                "timeout",
                "no authenticated request within " + auth.authenticationTimeout.toMillis() + " ms");
    }
}
