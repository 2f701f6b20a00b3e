package dev.nonstop.controller.api;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>} holding the API token; 401 with {@code
 * WWW-Authenticate: Bearer} otherwise, whatever the path, so an unauthenticated caller learns nothing. It looks at the
 * request head, before the body is aggregated, and discards a refused request's body as it arrives. A refused
 * mutation (any method but {@code GET}) is audited. Answers 400 (and closes) when the codec could not decode the
 * head. Sits after the keep-alive handler, before {@link ApiAggregator}.
 */
final class ApiAuthHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ApiAuthHandler.class);
    private static final String BEARER = "Bearer ";

    private final ApiToken token;
    private final ApiAudit audit;
    private boolean discarding;

    ApiAuthHandler(ApiToken token, ApiAudit audit) {
        this.token = token;
        this.audit = audit;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            discarding = false;
            if (request.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(ApiResponses.closing(
                                ApiResponses.error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request")))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            String refusal = refusal(request);
            if (refusal != null) {
                String path = new QueryStringDecoder(request.uri()).rawPath();
                if (!request.method().equals(HttpMethod.GET)) {
                    log.warn(
                            "controller API: refused {} {} from {}: {}",
                            request.method(),
                            path,
                            ctx.channel().remoteAddress(),
                            refusal);
                    audit.refusedUnauthenticated(ApiAudit.anonymous(ctx.channel()), request.method(), path, refusal);
                }
                discarding = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(unauthorized(refusal));
                return;
            }
        } else if (discarding && msg instanceof HttpContent) {
            discarding = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Why the request is refused, or null when its token is right. */
    private String refusal(HttpRequest request) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return "missing bearer token (expected: Authorization: Bearer <token>)";
        }
        if (!token.matches(authorization.substring(BEARER.length()).strip())) {
            return "invalid token";
        }
        return null;
    }

    private static FullHttpResponse unauthorized(String message) {
        FullHttpResponse response = ApiResponses.error(HttpResponseStatus.UNAUTHORIZED, message);
        String error = message.startsWith("invalid") ? ", error=\"invalid_token\"" : "";
        response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"nonstop-controller\"" + error);
        return response;
    }
}
