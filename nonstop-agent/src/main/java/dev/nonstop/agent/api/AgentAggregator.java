package dev.nonstop.agent.api;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Joins a request and its body into one message, up to {@link #MAX_BODY} bytes (an artifact
 * upload); a larger one gets a JSON 413 and the connection is closed. Sits after {@link
 * AgentAuthHandler} (only authenticated requests are aggregated), before {@link AgentApiHandler}.
 */
final class AgentAggregator extends HttpObjectAggregator {
    static final int MAX_BODY = 64 * 1024 * 1024;

    AgentAggregator() {
        super(MAX_BODY);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.writeAndFlush(AgentResponses.closing(AgentResponses.error(
                        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                        "too_large",
                        "request body too large (expected: at most " + MAX_BODY + " bytes)")))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
