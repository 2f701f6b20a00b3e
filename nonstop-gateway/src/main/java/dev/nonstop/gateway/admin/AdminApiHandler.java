package dev.nonstop.gateway.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.config.ConfigException;
import dev.nonstop.common.fencing.Fence;
import dev.nonstop.common.http.RouteTable;
import dev.nonstop.gateway.routing.InvalidTableException;
import dev.nonstop.gateway.routing.UnknownMemberException;
import dev.nonstop.gateway.routing.VersionConflictException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the admin endpoints ({@link AdminRoutes}) for requests that passed the token check ({@link
 * dev.nonstop.common.http.BearerAuth}); the last handler of the admin pipeline. Checks a mutation's fencing token
 * ({@link AdminFencing}), routes, turns refusals and typed failures into error responses and writes one audit line
 * per mutation. Calls are short in-memory operations, so they run on the admin event loop, which no proxy connection
 * shares.
 */
final class AdminApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(AdminApiHandler.class);
    private static final Logger audit = AdminServer.audit;

    private final AdminTarget target;
    private final RouteTable<AdminEndpoint> routes;

    AdminApiHandler(AdminTarget target) {
        this.target = target;
        this.routes = AdminRoutes.of(target);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response;
        try {
            AdminFencing.check(target.fencing(), request);
            response = serve(ctx, request);
        } catch (AdminRefusal r) {
            response = AdminResponses.error(r.status, r.getMessage(), r.problems);
            if (r.allow != null) {
                response.headers().set(HttpHeaderNames.ALLOW, r.allow);
            }
        } catch (ConfigException e) {
            response = AdminResponses.error(HttpResponseStatus.BAD_REQUEST, "invalid " + e.source(), e.problems());
        } catch (InvalidTableException e) {
            response = AdminResponses.error(
                    HttpResponseStatus.BAD_REQUEST, "invalid table; the table in force is unchanged", e.problems());
        } catch (VersionConflictException e) {
            ObjectNode body = AdminResponses.object();
            body.put("error", e.getMessage());
            body.put("version", e.currentVersion());
            response = AdminResponses.json(HttpResponseStatus.CONFLICT, body);
        } catch (UnknownMemberException e) {
            response = AdminResponses.error(HttpResponseStatus.NOT_FOUND, e.getMessage());
        } catch (RuntimeException e) {
            log.error("admin: {} {} failed", request.method(), request.uri(), e);
            response = AdminResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e);
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            audit.info(
                    "actor={} action=\"{} {}\" release={} token={} result={}",
                    ctx.channel().remoteAddress(),
                    request.method(),
                    request.uri(),
                    request.headers().get(Fence.RELEASE_HEADER, "-"),
                    request.headers().get(Fence.TOKEN_HEADER, "-"),
                    response.status().code());
        }
        ctx.writeAndFlush(response);
    }

    private FullHttpResponse serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        return switch (routes.lookup(request.method(), request.uri())) {
            case RouteTable.Found<AdminEndpoint> found -> found.endpoint().serve(new AdminCall(ctx, request, found));
            case RouteTable.NotFound<AdminEndpoint> none ->
                throw new AdminRefusal(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + none.path());
            case RouteTable.MethodNotAllowed<AdminEndpoint> wrong ->
                throw new AdminRefusal(
                        HttpResponseStatus.METHOD_NOT_ALLOWED,
                        "method " + request.method() + " (expected: "
                                + wrong.allowHeader().replace(", ", " or ") + ")",
                        List.of(),
                        wrong.allowHeader());
        };
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("admin: closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
