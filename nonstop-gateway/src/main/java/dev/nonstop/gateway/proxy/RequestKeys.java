package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.http.RequestHead;
import dev.nonstop.gateway.http.RequestTarget;
import io.netty.channel.Channel;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;

/**
 * What an {@link Exchange} reads from a request head to route it, to forward it and to decide
 * whether it may be sent again: the route its host and path match, the Host the member gets when
 * the client's cannot be passed on, and whether the request is idempotent.
 */
final class RequestKeys {
    private RequestKeys() {}

    /**
     * The most specific route for the request's host and path, or {@code null}. An HTTP/1.0 request
     * without Host that no route takes goes, when the routes name a single host, to that host's
     * routes: the one site this gateway serves.
     */
    static Route route(CompiledTable table, RequestHead request) {
        String path = request.path();
        Route route = table.match(table.hasHostRoutes() ? request.routingHost() : null, path);
        if (route == null && hostless(request) && table.soleHost() != null) {
            route = table.match(table.soleHost(), path);
        }
        return route;
    }

    /**
     * The Host to forward instead of the client's, or {@code null} to keep the client's: the
     * authority of an absolute-form target; for an HTTP/1.0 request without Host, the host of the
     * route it took, else the address the client connected to.
     *
     * @param route the route the request took, or {@code null} (no host routes, or a catch-all)
     */
    static String forwardedHost(RequestHead request, Route route, Channel client) {
        if (request.target().form() == RequestTarget.Form.ABSOLUTE) {
            return request.target().authority();
        }
        if (hostless(request)) {
            return route != null && route.host() != null ? route.host() : connectedAuthority(client);
        }
        return null;
    }

    /**
     * Whether sending the request twice does no more than sending it once (RFC 9110 section 9.2.2),
     * or the client said so with an {@code Idempotency-Key}.
     */
    static boolean idempotent(RequestHead request) {
        return switch (request.method()) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> request.hasIdempotencyKey();
        };
    }

    /** HTTP/1.0 may leave Host out; RequestChecks refuses that in HTTP/1.1, so only HTTP/1.0 heads are looked at. */
    private static boolean hostless(RequestHead request) {
        return request.isHttp10() && request.target().form() != RequestTarget.Form.ABSOLUTE && !request.hasHost();
    }

    /**
     * The address the client connected to, as {@code host:port}: the authority of a request that
     * names none (HTTP/1.0 without Host, on a route without a host). Empty when it is not an IP
     * address, which RFC 9112 section 3.2 prescribes for a target URI without authority.
     */
    private static String connectedAuthority(Channel client) {
        if (client.localAddress() instanceof InetSocketAddress local && local.getAddress() != null) {
            return NetUtil.toSocketAddressString(local);
        }
        return "";
    }
}
