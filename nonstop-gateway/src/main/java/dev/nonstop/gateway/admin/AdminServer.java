package dev.nonstop.gateway.admin;

import dev.nonstop.common.audit.RefusedAttempts;
import dev.nonstop.common.config.ConfigException;
import dev.nonstop.common.http.ControlApiServer;
import dev.nonstop.common.problem.Problem;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.common.token.EmptyTokenFileException;
import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.config.AdminSettings;
import dev.nonstop.gateway.proxy.Transport;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's admin HTTP API, on its own single-thread event loop so that it answers even when
 * the proxy is saturated. Every call needs {@code Authorization: Bearer <token>} (else 401 with
 * {@code WWW-Authenticate: Bearer}); bodies are JSON (or YAML with {@code Content-Type:
 * application/yaml}), at most 1 MB; errors are the kit's problems ({@link
 * dev.nonstop.common.http.ProblemDetails}). The HTTP server is the control-plane kit's {@link ControlApiServer}: the
 * token is checked on the request head, before any body byte is buffered, and at most {@value #MAX_UNAUTHENTICATED}
 * connections without an authenticated request are kept; refusals are written to the audit log ({@code
 * dev.nonstop.gateway.audit}) per caller and minute. Calls run on the kit's worker threads, off the admin event loop,
 * which no proxy connection shares.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>{@code GET /admin/table}</td><td>the table in force, shaped like the config file, with
 *       its {@code version} (also as {@code ETag})</td></tr>
 *   <tr><td>{@code PUT /admin/table}</td><td>replaces the whole table, which gets the next
 *       version. The body's {@code version} (as {@code GET} gave it) or {@code If-Match: <version>}
 *       makes it conditional: 409, naming the version in force, when that is another one; omit both
 *       to replace unconditionally. 400 with every problem when the table is invalid: the table in
 *       force stays. Answers {@code {"version": N}}</td></tr>
 *   <tr><td>{@code GET /admin/version}</td><td>{@code {"version": N}}, the version in force</td></tr>
 *   <tr><td>{@code PUT /admin/members/{id}/state}</td><td>{@code {"state": "DRAINING",
 *       "drainDeadline": "30s"}} (deadline optional); 404 for an unknown member. Answers {@code
 *       {"version": N, "member": {...}}}</td></tr>
 *   <tr><td>{@code PUT /admin/members/{id}/weight}</td><td>{@code {"weight": 50}}, 0-10000</td></tr>
 *   <tr><td>{@code GET /admin/stats}</td><td>every member's counters</td></tr>
 *   <tr><td>{@code GET /admin/stats/{id}}</td><td>one member's counters</td></tr>
 *   <tr><td>{@code GET /metrics}</td><td>Prometheus text format</td></tr>
 * </table>
 *
 * <p>Binds where it is told, but warns when that is not a loopback address: whoever reaches the
 * port and holds the token controls all traffic through the gateway. The token comes from {@link
 * #token(AdminSettings)}.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    /** One line per mutation, refused ones included: who, what, when (the log's time), result. */
    static final Logger audit = LoggerFactory.getLogger("dev.nonstop.gateway.audit");

    /** What the admin API's {@link BearerToken} is called in log lines: {@value}. */
    public static final String TOKEN_NAME = "admin token";

    static final int MAX_BODY = 1024 * 1024;
    static final int MAX_UNAUTHENTICATED = 64;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final ControlApiServer server;

    private AdminServer(ControlApiServer server) {
        this.server = server;
    }

    /**
     * Starts serving the admin API of {@code gateway} on {@code listen} (port 0 picks a free port).
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static AdminServer start(InetSocketAddress listen, BearerToken token, Gateway gateway) {
        return start(listen, token, AdminTarget.of(gateway));
    }

    static AdminServer start(InetSocketAddress listen, BearerToken token, AdminTarget target) {
        // Native epoll where there is one, as the proxy: a flood of connections costs the admin thread less.
        Transport transport = Transport.best();
        return new AdminServer(builder(listen, token, target)
                .transport(
                        transport == Transport.EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory(),
                        transport.serverChannel())
                .start());
    }

    /** The admin API's server settings, but for the transport. */
    static ControlApiServer.Builder builder(InetSocketAddress listen, BearerToken token, AdminTarget target) {
        Objects.requireNonNull(target, "target");
        return ControlApiServer.builder("admin API", token, new AdminApiHandler(target))
                .listen(Objects.requireNonNull(listen, "listen"))
                .realm("nonstop-gateway")
                .maxBodyBytes(MAX_BODY)
                .idleTimeout(IDLE_TIMEOUT)
                .maxUnauthenticatedConnections(MAX_UNAUTHENTICATED)
                .refusals(AdminServer::auditRefusals);
    }

    /**
     * The token the settings ask for: the inline one (with a warning), else the token file's, creating the file
     * (owner-only, a random token) when it does not exist.
     *
     * @throws ConfigException when the token file exists but holds no token
     * @throws IOException when the token file cannot be read or created
     */
    public static BearerToken token(AdminSettings settings) throws IOException {
        if (settings.token() != null) {
            log.warn("admin token is inline in the config; prefer admin.tokenFile (config files get copied and"
                    + " printed)");
            return BearerToken.of(settings.token(), TOKEN_NAME);
        }
        try {
            return BearerToken.readOrCreate(settings.tokenFile(), TOKEN_NAME);
        } catch (EmptyTokenFileException e) {
            throw new ConfigException(
                    e.file().toString(),
                    List.of(Problem.of(
                            "admin.tokenFile",
                            e.file() + " is empty",
                            "a file holding the token; delete it to have a new one generated")));
        }
    }

    /** One audit line per caller and minute for the first refusal, and one for the count of the rest. */
    private static void auditRefusals(RefusedAttempts r) {
        audit.warn(
                "actor=anonymous@{} action=\"{}\" result=refused attempts={} detail=\"{}\"",
                r.caller(),
                r.what(),
                r.attempts(),
                r.describe());
    }

    /** The address the admin API listens on, with the real port when started with port 0. */
    public InetSocketAddress address() {
        return server.address();
    }

    /** Stops accepting, closes open admin connections and stops the admin event loop. */
    @Override
    public void close() {
        server.close();
    }
}
