package dev.nonstop.gateway.admin;

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
 * Lets a request through only when it carries {@code Authorization: Bearer <token>} with the
 * admin token; answers 401 with {@code WWW-Authenticate: Bearer} otherwise, whatever the path, so
 * an unauthenticated caller learns nothing. Also answers 400 to requests the codec could not
 * decode. Sits after {@link AdminAggregator}, before {@link AdminApiHandler}.
 */
final class AdminAuthHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AdminAuthHandler.class);
    private static final String BEARER = "Bearer ";

    private final AdminToken token;

    AdminAuthHandler(AdminToken token) {
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
            ctx.writeAndFlush(AdminResponses.closing(
                            AdminResponses.error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request")))
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
                    "admin: refused {} {} from {}: wrong token",
                    request.method(),
                    path(request),
                    ctx.channel().remoteAddress());
            ReferenceCountUtil.release(request);
            ctx.writeAndFlush(unauthorized("invalid token", "invalid_token"));
            return;
        }
        ctx.fireChannelRead(request);
    }

    private static String path(FullHttpRequest request) {
        String uri = request.uri();
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    private static FullHttpResponse unauthorized(String message, String errorCode) {
        FullHttpResponse response = AdminResponses.error(HttpResponseStatus.UNAUTHORIZED, message);
        response.headers()
                .set(
                        HttpHeaderNames.WWW_AUTHENTICATE,
                        "Bearer realm=\"nonstop-gateway\""
                                + (errorCode == null ? "" : ", error=\"" + errorCode + "\""));
        return response;
    }
}
