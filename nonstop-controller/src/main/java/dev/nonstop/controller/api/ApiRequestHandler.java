package dev.nonstop.controller.api;

import dev.nonstop.common.http.ControlApiHandler;
import dev.nonstop.common.http.ControlRequest;
import dev.nonstop.common.http.ControlResponses;
import dev.nonstop.common.http.RouteTable;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.controller.store.AuditResult;
import dev.nonstop.controller.store.ControllerStoreException;
import dev.nonstop.controller.store.NotFoundException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes an authenticated request to its {@link ApiRoute}; the kit's {@link dev.nonstop.common.http.ControlApiServer}
 * calls it off the event loop (the store blocks), one request of a connection at a time. Every mutation is audited
 * before its response is written, refusals included: 4xx is {@code REFUSED}, 5xx {@code FAILED}.
 */
final class ApiRequestHandler implements ControlApiHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiRequestHandler.class);

    private final RouteTable<ApiRoute> routes;
    private final BearerToken token;
    private final ApiAudit audit;

    ApiRequestHandler(List<ApiRoute> routes, BearerToken token, ApiAudit audit) {
        this.routes = ApiRoute.table(routes);
        this.token = token;
        this.audit = audit;
    }

    @Override
    public FullHttpResponse handle(ControlRequest request) {
        RouteTable.Found<ApiRoute> found;
        switch (routes.lookup(request.method(), request.uri())) {
            case RouteTable.Found<ApiRoute> f -> found = f;
            case RouteTable.NotFound<ApiRoute> none -> {
                return ControlResponses.problem(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + none.path());
            }
            case RouteTable.MethodNotAllowed<ApiRoute> wrong -> {
                FullHttpResponse response = ControlResponses.problem(
                        HttpResponseStatus.METHOD_NOT_ALLOWED,
                        "method " + request.method() + " on " + wrong.path() + " (expected: " + wrong.allowHeader()
                                + ")");
                response.headers().set(HttpHeaderNames.ALLOW, wrong.allowHeader());
                return response;
            }
        }
        ApiRoute route = found.endpoint();
        String path = request.path();
        ApiCall call = new ApiCall(request, ApiAudit.actor(token, request.remoteAddress()), found.params());
        if (route.isMutation()) {
            call.target(route.auditTarget(found.params()));
        }
        FullHttpResponse response;
        String error = null;
        try {
            response = route.endpoint().handle(call);
        } catch (ApiException e) {
            error = e.getMessage();
            response = e.toResponse();
        } catch (ReleaseConflictException e) {
            error = e.getMessage();
            response = ControlResponses.problem(HttpResponseStatus.CONFLICT, e.getMessage());
        } catch (NotFoundException e) {
            error = e.getMessage();
            response = ControlResponses.problem(HttpResponseStatus.NOT_FOUND, e.getMessage());
        } catch (ControllerStoreException e) {
            log.error("controller API: {} {} failed", request.method(), path, e);
            error = e.getMessage();
            response = ControlResponses.problem(HttpResponseStatus.SERVICE_UNAVAILABLE, "store: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("controller API: {} {} failed", request.method(), path, e);
            error = e.toString();
            response = ControlResponses.problem(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e);
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
