package dev.nonstop.gateway.admin;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Joins a request and its body into one message, up to {@link #MAX_BODY} bytes; a larger request
 * gets a JSON 413 and the connection is closed. Sits after the HTTP codec and the keep-alive
 * handler, before {@link AdminAuthHandler}.
 */
final class AdminAggregator extends HttpObjectAggregator {
    static final int MAX_BODY = 1024 * 1024;

    AdminAggregator() {
        super(MAX_BODY);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.writeAndFlush(AdminResponses.closing(AdminResponses.error(
                        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                        "request body too large (expected: at most " + MAX_BODY + " bytes)")))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
