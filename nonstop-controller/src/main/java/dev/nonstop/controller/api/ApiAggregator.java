package dev.nonstop.controller.api;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Joins a request and its body into one message, up to {@link #MAX_BODY} bytes; a larger one gets a JSON 413 and
 * the connection is closed. Sits after {@link ApiAuthHandler} (only authenticated requests are buffered), before
 * {@link ApiRequestHandler}.
 */
final class ApiAggregator extends HttpObjectAggregator {
    static final int MAX_BODY = 1024 * 1024;

    ApiAggregator() {
        super(MAX_BODY);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.writeAndFlush(ApiResponses.closing(ApiResponses.error(
                        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                        "request body too large (expected: at most " + MAX_BODY + " bytes)")))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
