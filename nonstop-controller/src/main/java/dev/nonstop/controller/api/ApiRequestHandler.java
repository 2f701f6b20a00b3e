package dev.nonstop.controller.api;

import dev.nonstop.common.http.ControlApiHandler;
import dev.nonstop.common.http.ControlRequest;
import dev.nonstop.common.http.ControlResponses;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.controller.store.AuditResult;
import dev.nonstop.controller.store.ControllerStoreException;
import dev.nonstop.controller.store.NotFoundException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes an authenticated request to its {@link Route}; the kit's {@link dev.nonstop.common.http.ControlApiServer}
 * calls it off the event loop (the store blocks), one request of a connection at a time. Every mutation is audited
 * before its response is written, refusals included: 4xx is {@code REFUSED}, 5xx {@code FAILED}.
 */
final class ApiRequestHandler implements ControlApiHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiRequestHandler.class);

    private final List<Route> routes;
    private final BearerToken token;
    private final ApiAudit audit;

    ApiRequestHandler(List<Route> routes, BearerToken token, ApiAudit audit) {
        this.routes = routes;
        this.token = token;
        this.audit = audit;
    }

    @Override
    public FullHttpResponse handle(ControlRequest request) {
        String path = request.path();
        List<String> segments = Route.segments(path);
        List<Route> matching =
                routes.stream().filter(r -> r.match(segments).isPresent()).toList();
        if (matching.isEmpty()) {
            return ControlResponses.problem(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + path);
        }
        Optional<Route> route = matching.stream()
                .filter(r -> r.method().equals(request.method()))
                .findFirst();
        if (route.isEmpty()) {
            String allowed = matching.stream().map(r -> r.method().name()).collect(Collectors.joining(", "));
            FullHttpResponse response = ControlResponses.problem(
                    HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method " + request.method() + " on " + path + " (expected: " + allowed + ")");
            response.headers().set(HttpHeaderNames.ALLOW, allowed);
            return response;
        }
        Map<String, String> params = route.get().match(segments).orElseThrow();
        ApiCall call = new ApiCall(request, ApiAudit.actor(token, request.remoteAddress()), params);
        if (route.get().isMutation()) {
            call.target(route.get().auditTarget(params));
        }
        FullHttpResponse response;
        String error = null;
        try {
            response = route.get().endpoint().handle(call);
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
        if (route.get().isMutation()) {
            int status = response.status().code();
            AuditResult result =
                    status < 400 ? AuditResult.OK : status < 500 ? AuditResult.REFUSED : AuditResult.FAILED;
            audit.record(
                    call.actor, route.get().action(), call.target(), result, error == null ? call.detail() : error);
        }
        return response;
    }
}
