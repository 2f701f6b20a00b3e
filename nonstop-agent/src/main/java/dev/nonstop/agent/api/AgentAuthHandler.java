package dev.nonstop.agent.api;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>} holding the agent token;
 * 401 with {@code WWW-Authenticate: Bearer} otherwise, whatever the path. Answers 400 to requests
 * the codec could not decode. Sits after {@link AgentAggregator}, before {@link AgentApiHandler}.
 */
final class AgentAuthHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AgentAuthHandler.class);
    private static final String BEARER = "Bearer ";

    private final AgentToken token;

    AgentAuthHandler(AgentToken token) {
        this.token = token;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (request.decoderResult().isFailure()) {
            ReferenceCountUtil.release(request);
            ctx.writeAndFlush(AgentResponses.closing(AgentResponses.error(
                            HttpResponseStatus.BAD_REQUEST, "malformed", "malformed HTTP request")))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            ReferenceCountUtil.release(request);
            ctx.writeAndFlush(unauthorized("missing bearer token (expected: Authorization: Bearer <token>)", null));
            return;
        }
        if (!token.matches(authorization.substring(BEARER.length()).strip())) {
            log.warn(
                    "agent API: refused {} {} from {}: wrong token",
                    request.method(),
                    request.uri(),
                    ctx.channel().remoteAddress());
            ReferenceCountUtil.release(request);
            ctx.writeAndFlush(unauthorized("invalid token", "invalid_token"));
            return;
        }
        ctx.fireChannelRead(request);
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
