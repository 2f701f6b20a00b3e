package dev.nonstop.gateway.admin;

import dev.nonstop.common.config.ConfigException;
import dev.nonstop.common.fencing.Fence;
import dev.nonstop.common.http.ControlApiHandler;
import dev.nonstop.common.http.ControlRequest;
import dev.nonstop.common.http.ControlResponses;
import dev.nonstop.common.http.ProblemDetails;
import dev.nonstop.common.http.RouteTable;
import dev.nonstop.gateway.contract.InvalidTableException;
import dev.nonstop.gateway.contract.UnknownMemberException;
import dev.nonstop.gateway.routing.VersionConflictException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the admin endpoints ({@link AdminRoutes}) for requests that passed the token check ({@link
 * dev.nonstop.common.http.BearerAuth}); the kit's {@link dev.nonstop.common.http.ControlApiServer} calls it off the
 * admin event loop. Checks a mutation's fencing token ({@link AdminFencing}), routes, turns refusals and typed
 * failures into problem responses and writes one audit line per mutation.
 */
final class AdminApiHandler implements ControlApiHandler {
    private static final Logger log = LoggerFactory.getLogger(AdminApiHandler.class);
    private static final Logger audit = AdminServer.audit;

    private final AdminTarget target;
    private final RouteTable<AdminEndpoint> routes;

    AdminApiHandler(AdminTarget target) {
        this.target = target;
        this.routes = AdminRoutes.of(target);
    }

    @Override
    public FullHttpResponse handle(ControlRequest request) {
        FullHttpResponse response;
        try {
            AdminFencing.check(target.fencing(), request);
            response = serve(request);
        } catch (AdminRefusal r) {
            response = ProblemDetails.of(r.status, r.getMessage())
                    .withProblems(r.problems)
                    .toResponse();
            if (r.allow != null) {
                response.headers().set(HttpHeaderNames.ALLOW, r.allow);
            }
        } catch (ConfigException e) {
            response = ProblemDetails.of(HttpResponseStatus.BAD_REQUEST, "invalid " + e.source())
                    .withProblems(e.problems())
                    .toResponse();
        } catch (InvalidTableException e) {
            response = ProblemDetails.of(
                            HttpResponseStatus.BAD_REQUEST, "invalid table; the table in force is unchanged")
                    .withProblems(e.problems())
                    .toResponse();
        } catch (VersionConflictException e) {
            response = ProblemDetails.of(HttpResponseStatus.CONFLICT, e.getMessage())
                    .with("version", e.currentVersion())
                    .toResponse();
        } catch (UnknownMemberException e) {
            response = ControlResponses.problem(HttpResponseStatus.NOT_FOUND, e.getMessage());
        } catch (RuntimeException e) {
            log.error("admin: {} {} failed", request.method(), request.uri(), e);
            response = ControlResponses.problem(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e);
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            audit.info(
                    "actor={} action=\"{} {}\" release={} token={} result={}",
                    request.remoteAddress(),
                    request.method(),
                    request.uri(),
                    request.headers().get(Fence.RELEASE_HEADER, "-"),
                    request.headers().get(Fence.TOKEN_HEADER, "-"),
                    response.status().code());
        }
        return response;
    }

    private FullHttpResponse serve(ControlRequest request) {
        return switch (routes.lookup(request.method(), request.uri())) {
            case RouteTable.Found<AdminEndpoint> found -> found.endpoint().serve(new AdminCall(request, found));
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
}
