package dev.nonstop.controller.api;

import dev.nonstop.common.http.RouteTable;
import dev.nonstop.controller.store.AuditResult;
import dev.nonstop.controller.store.ControllerStoreException;
import dev.nonstop.controller.store.NotFoundException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes an authenticated request to its {@link Route} and serves it on {@code worker}, never on the event loop
 * (the store blocks). The connection stops reading until the response is written, so pipelined requests are answered
 * in order. Every mutation is audited before its response is written, refusals included: 4xx is {@code REFUSED},
 * 5xx {@code FAILED}. Sits last, after the body aggregator.
 */
final class ApiRequestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ApiRequestHandler.class);

    private final RouteTable<Route> routes;
    private final ApiToken token;
    private final ApiAudit audit;
    private final Executor worker;

    ApiRequestHandler(List<Route> routes, ApiToken token, ApiAudit audit, Executor worker) {
        this.routes = Route.table(routes);
        this.token = token;
        this.audit = audit;
        this.worker = worker;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.channel().config().setAutoRead(false);
        try {
            worker.execute(() -> serve(ctx, request));
        } catch (RejectedExecutionException closing) {
            request.release();
            ctx.writeAndFlush(ApiResponses.closing(
                            ApiResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "controller API is closing")))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** On a worker: answers {@code request}, then lets the connection read the next one. */
    private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response;
        try {
            response = route(ctx, request);
        } finally {
            request.release();
        }
        if (response != null) {
            ctx.writeAndFlush(response).addListener(f -> ctx.channel().config().setAutoRead(true));
        }
    }

    private FullHttpResponse route(ChannelHandlerContext ctx, FullHttpRequest request) {
        RouteTable.Found<Route> found;
        switch (routes.lookup(request.method(), request.uri())) {
            case RouteTable.Found<Route> f -> found = f;
            case RouteTable.NotFound<Route> none -> {
                return ApiResponses.error(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + none.path());
            }
            case RouteTable.MethodNotAllowed<Route> wrong -> {
                FullHttpResponse response = ApiResponses.error(
                        HttpResponseStatus.METHOD_NOT_ALLOWED,
                        "method " + request.method() + " on " + wrong.path() + " (expected: " + wrong.allowHeader()
                                + ")");
                response.headers().set(HttpHeaderNames.ALLOW, wrong.allowHeader());
                return response;
            }
        }
        Route route = found.endpoint();
        String path = new QueryStringDecoder(request.uri()).rawPath();
        ApiCall call = new ApiCall(ctx, request, ApiAudit.actor(token, ctx.channel()), found.params());
        if (route.isMutation()) {
            call.target(route.auditTarget(found.params()));
        }
        FullHttpResponse response;
        String error = null;
        try {
            response = route.endpoint().handle(call);
        } catch (ApiException e) {
            error = e.getMessage();
            response = ApiResponses.error(e.status(), e.getMessage(), e.problems());
        } catch (ReleaseConflictException e) {
            error = e.getMessage();
            response = ApiResponses.error(HttpResponseStatus.CONFLICT, e.getMessage());
        } catch (NotFoundException e) {
            error = e.getMessage();
            response = ApiResponses.error(HttpResponseStatus.NOT_FOUND, e.getMessage());
        } catch (ControllerStoreException e) {
            log.error("controller API: {} {} failed", request.method(), path, e);
            error = e.getMessage();
            response = ApiResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "store: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("controller API: {} {} failed", request.method(), path, e);
            error = e.toString();
            response = ApiResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e);
        }
        if (route.isMutation()) {
            int status = response.status().code();
            AuditResult result =
                    status < 400 ? AuditResult.OK : status < 500 ? AuditResult.REFUSED : AuditResult.FAILED;
            audit.record(call.actor, route.action(), call.target(), result, error == null ? call.detail() : error);
        }
        return response;
    }
}
