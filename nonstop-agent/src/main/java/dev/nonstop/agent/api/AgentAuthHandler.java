package dev.nonstop.agent.api;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>} holding the agent token;
 * 401 with {@code WWW-Authenticate: Bearer} otherwise, whatever the path. It looks at the request
 * head, before any body is aggregated, so an unauthenticated caller cannot make the agent buffer a
 * 64 MB upload: a refused request's body is discarded as it arrives. Answers 400 (and closes) when
 * the codec could not decode the head. Sits after the keep-alive handler, before {@link
 * AgentAggregator}.
 */
final class AgentAuthHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AgentAuthHandler.class);
    private static final String BEARER = "Bearer ";

    private final AgentToken token;
    private boolean discarding;

    AgentAuthHandler(AgentToken token) {
        this.token = token;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            discarding = false;
            if (request.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(AgentResponses.closing(AgentResponses.error(
                                HttpResponseStatus.BAD_REQUEST, "malformed", "malformed HTTP request")))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            FullHttpResponse refusal = refusal(ctx, request);
            if (refusal != null) {
                discarding = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(refusal);
                return;
            }
        } else if (discarding && msg instanceof HttpContent) {
            discarding = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private FullHttpResponse refusal(ChannelHandlerContext ctx, HttpRequest request) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return unauthorized("missing bearer token (expected: Authorization: Bearer <token>)", null);
        }
        if (!token.matches(authorization.substring(BEARER.length()).strip())) {
            log.warn(
                    "agent API: refused {} {} from {}: wrong token",
                    request.method(),
                    request.uri(),
                    ctx.channel().remoteAddress());
            return unauthorized("invalid token", "invalid_token");
        }
        return null;
    }

    private static FullHttpResponse unauthorized(String message, String errorCode) {
        FullHttpResponse response = AgentResponses.error(HttpResponseStatus.UNAUTHORIZED, "unauthorized", message);
        response.headers()
                .set(
                        HttpHeaderNames.WWW_AUTHENTICATE,
                        "Bearer realm=\"nonstop-agent\"" + (errorCode == null ? "" : ", error=\"" + errorCode + "\""));
        return response;
    }
}
