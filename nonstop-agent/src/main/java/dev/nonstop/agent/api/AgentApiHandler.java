package dev.nonstop.agent.api;

import dev.nonstop.agent.Agent;
import dev.nonstop.common.http.RouteTable;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Serves the agent's endpoints ({@link AgentRoutes}). The work (copying artifacts, waiting for a process to stop)
 * blocks, so it runs on {@code worker}, never on the event loop; the connection stops reading until the response is
 * written, so pipelined requests are answered in order. Sits last, after the body aggregator: every request here is
 * authenticated, and its caller is the token's owner, the controller.
 */
final class AgentApiHandler extends ChannelInboundHandlerAdapter {
    static final String CHECKSUM_HEADER = "X-Checksum-Sha256";
    static final String TOKEN_OWNER = "controller";

    private final Agent agent;
    private final Executor worker;
    private final RouteTable<AgentEndpoint> routes;

    AgentApiHandler(Agent agent, Executor worker) {
        this.agent = agent;
        this.worker = worker;
        this.routes = AgentRoutes.of(agent);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ctx.channel().config().setAutoRead(false);
        try {
            worker.execute(() -> serve(ctx, request));
        } catch (RejectedExecutionException closing) {
            request.release();
            ctx.writeAndFlush(AgentResponses.closing(AgentResponses.error(
                            HttpResponseStatus.SERVICE_UNAVAILABLE, AgentErrors.UNAVAILABLE, "agent API is closing")))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** On a worker thread: answers {@code request}, then lets the connection read the next one. */
    private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response;
        try {
            response = handle(request);
        } catch (RuntimeException e) {
            response = AgentErrors.toResponse(e);
        } finally {
            request.release();
        }
        ctx.writeAndFlush(response).addListener(f -> ctx.channel().config().setAutoRead(true));
    }

    private FullHttpResponse handle(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return AgentResponses.error(HttpResponseStatus.BAD_REQUEST, "malformed", "malformed HTTP request");
        }
        return switch (routes.lookup(request.method(), request.uri())) {
            case RouteTable.Found<AgentEndpoint> found -> found.endpoint().serve(new AgentCall(agent, request, found));
            case RouteTable.NotFound<AgentEndpoint> none ->
                AgentResponses.error(HttpResponseStatus.NOT_FOUND, "not_found", "no such endpoint: " + none.path());
            case RouteTable.MethodNotAllowed<AgentEndpoint> wrong -> {
                FullHttpResponse response = AgentResponses.error(
                        HttpResponseStatus.METHOD_NOT_ALLOWED,
                        "method_not_allowed",
                        "method " + request.method() + " (expected: "
                                + wrong.allowHeader().replace(", ", " or ") + ")");
                response.headers().set(HttpHeaderNames.ALLOW, wrong.allowHeader());
                yield response;
            }
        };
    }
}
