package dev.nonstop.common.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A request, or a connection, that {@link BearerAuth} turned away before the API saw it.
 *
 * @param remote the peer's address
 * @param method the request's method, empty when the connection was refused without a request (too many
 *     unauthenticated connections, none authenticated in time)
 * @param path the request's path without the query, empty with {@code method}
 * @param reason why, e.g. {@code invalid token}
 */
public record RefusedRequest(SocketAddress remote, Optional<String> method, Optional<String> path, String reason) {

    public RefusedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }

    /** The caller as audit logs aggregate it: the peer's IP address without the port. */
    public String caller() {
        if (remote instanceof InetSocketAddress inet) {
            return inet.getAddress() == null
                    ? inet.getHostString()
                    : inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }

    /** {@code POST /api/apps}, or {@code connection} for a refusal without a request. */
    public String what() {
        return method.map(m -> m + " " + path.orElse("")).orElse("connection");
    }
}
