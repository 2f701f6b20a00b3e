package dev.nonstop.controller.api;

import dev.nonstop.common.http.BearerAuth;
import dev.nonstop.common.http.ControlApiServer;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.controller.release.state.ReleaseCommand;
import dev.nonstop.controller.store.ControllerStore;
import io.netty.handler.codec.http.HttpMethod;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The controller's REST API and release event stream, described in {@code openapi/controller.yaml} (on the classpath). Every
 * call needs {@code Authorization: Bearer <token>} (else 401 with {@code WWW-Authenticate}); bodies are JSON, at most
 * 1 MB (else 413); errors are the kit's problems ({@link dev.nonstop.common.http.ProblemDetails}) with 400, 401, 404,
 * 405, 409, 413 or 415. Every mutation is written to the store's audit log, refused ones included. The HTTP server is
 * the control-plane kit's {@link ControlApiServer}: the token is checked on the request head, before any body byte is
 * buffered, and at most 64 connections without an authenticated
 * request are kept ({@link BearerAuth}); requests refused for their token are audited per caller and minute ({@link
 * ApiAudit}).
 *
 * <pre>{@code
 * try (ControllerApiServer api = ControllerApiServer.builder(store, operations, events)
 *         .token(BearerToken.readOrCreate(Path.of(".nonstop/controller.token"), "controller API token"))
 *         .start()) {
 *     api.address(); // 127.0.0.1:9070
 * }
 * }</pre>
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>{@code GET /api/apps}, {@code GET /api/apps/{app}}</td><td>apps with their instances</td></tr>
 *   <tr><td>{@code POST /api/apps}</td><td>{@code {"name"}}: registers an app; 409 when it exists</td></tr>
 *   <tr><td>{@code POST /api/apps/{app}/instances}</td><td>{@code {host, port, version, id?, gatewayMemberId?,
 *       state?}}</td></tr>
 *   <tr><td>{@code POST /api/releases}</td><td>a release spec; 201, 400 with every problem, 409 when a release
 *       of the app is in progress</td></tr>
 *   <tr><td>{@code GET /api/releases?app=&state=}, {@code GET /api/releases/{id}}</td><td>releases; one with its
 *       spec and per-instance progress</td></tr>
 *   <tr><td>{@code POST /api/releases/{id}/approve}</td><td>200, 409 when the release waits for no approval</td></tr>
 *   <tr><td>{@code POST /api/releases/{id}/pause|resume|abort|rollback}</td><td>200, 409 when illegal from the
 *       current state</td></tr>
 *   <tr><td>{@code GET /api/releases/{id}/events}</td><td>server-sent events: see {@link
 *       ReleaseEventStream}</td></tr>
 *   <tr><td>{@code GET /api/audit?limit=&target=&actor=}</td><td>the audit log, newest first</td></tr>
 * </table>
 *
 * <p>Binds to the loopback address unless told otherwise, and warns when it is not: whoever reaches the port and
 * holds the token runs releases. The store's blocking calls run on virtual threads, never on the event loop.
 */
public final class ControllerApiServer implements AutoCloseable {
    /** The port when none is given. */
    public static final int DEFAULT_PORT = 9070;

    /** What the API's {@link BearerToken} is called in log lines: {@value}. */
    public static final String TOKEN_NAME = "controller API token";

    /** Bodies up to this many bytes; larger ones get 413. */
    static final int MAX_BODY = 1024 * 1024;

    private final ControlApiServer server;
    private final ExecutorService worker;
    private final List<ApiRoute> routes;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ControllerApiServer(ControlApiServer server, ExecutorService worker, List<ApiRoute> routes) {
        this.server = server;
        this.worker = worker;
        this.routes = routes;
    }

    /** A builder of a server over {@code store}, running releases through {@code operations}. */
    public static Builder builder(ControllerStore store, ReleaseOperations operations, ReleaseEvents events) {
        return new Builder(store, operations, events);
    }

    /** Every endpoint, in matching order. */
    static List<ApiRoute> routes(
            ControllerStore store,
            ReleaseOperations operations,
            ReleaseEvents events,
            ExecutorService worker,
            Duration keepAlive) {
        AppsEndpoints apps = new AppsEndpoints(store);
        ReleasesEndpoints releases = new ReleasesEndpoints(store, operations, events);
        AuditEndpoint audit = new AuditEndpoint(store);
        List<ApiRoute> commands = List.of(ReleaseCommand.values()).stream()
                .map(c -> {
                    String name = c.name().toLowerCase(Locale.ROOT);
                    return ApiRoute.mutation(
                            "/api/releases/{id}/" + name,
                            "release." + name,
                            "release/{id}",
                            call -> releases.command(call, c));
                })
                .toList();
        List<ApiRoute> fixed = List.of(
                ApiRoute.read(HttpMethod.GET, "/api/apps", apps::list),
                ApiRoute.mutation("/api/apps", "app.register", "app/?", apps::register),
                ApiRoute.read(HttpMethod.GET, "/api/apps/{app}", apps::show),
                ApiRoute.mutation("/api/apps/{app}/settings", "app.settings", "app/{app}", apps::updateSettings),
                ApiRoute.mutation(
                        "/api/apps/{app}/instances", "instance.register", "app/{app}", apps::registerInstance),
                ApiRoute.read(HttpMethod.GET, "/api/releases", releases::list),
                ApiRoute.mutation("/api/releases", "release.start", "app/?", releases::start),
                ApiRoute.read(HttpMethod.GET, "/api/releases/{id}", releases::show),
                ApiRoute.mutation("/api/releases/{id}/approve", "release.approve", "release/{id}", releases::approve),
                ApiRoute.read(HttpMethod.GET, "/api/releases/{id}/events", call -> {
                    ReleaseEventStream.serve(call, store, events, worker, keepAlive);
                    return null;
                }),
                ApiRoute.read(HttpMethod.GET, "/api/audit", audit::list));
        return java.util.stream.Stream.concat(fixed.stream(), commands.stream()).toList();
    }

    /** Where the API listens, with the real port when started with port 0. */
    public InetSocketAddress address() {
        return server.address();
    }

    /** The routes served: for the check against {@code openapi/controller.yaml}. */
    List<ApiRoute> routes() {
        return routes;
    }

    /** Stops accepting, closes open connections (event streams included) and waits for calls in progress. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close();
        worker.close();
    }

    /** Settings of a {@link ControllerApiServer}; only the token is required. */
    public static final class Builder {
        private final ControllerStore store;
        private final ReleaseOperations operations;
        private final ReleaseEvents events;
        private InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT);
        private BearerToken token;
        private Duration keepAlive = Duration.ofSeconds(15);
        private String name = "controller API";

        private Builder(ControllerStore store, ReleaseOperations operations, ReleaseEvents events) {
            this.store = Objects.requireNonNull(store, "store");
            this.operations = Objects.requireNonNull(operations, "operations");
            this.events = Objects.requireNonNull(events, "events");
        }

        /** Default: {@code 127.0.0.1:}{@value #DEFAULT_PORT}; port 0 picks a free port. */
        public Builder listen(InetSocketAddress listen) {
            this.listen = Objects.requireNonNull(listen, "listen");
            return this;
        }

        /** Required. */
        public Builder token(BearerToken token) {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        /** What the logs call this API, e.g. {@code controller API warm-up}. Default: {@code controller API}. */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name: \"\" (expected: a name for the logs)");
            }
            this.name = name;
            return this;
        }

        /** How often an event stream sends a keep-alive comment. Default: 15 seconds. */
        public Builder keepAliveInterval(Duration interval) {
            if (interval == null || !interval.isPositive()) {
                throw new IllegalArgumentException("keepAliveInterval: " + interval + " (expected: > 0)");
            }
            this.keepAlive = interval;
            return this;
        }

        /**
         * Binds and starts serving.
         *
         * @throws UncheckedIOException when the address cannot be bound
         */
        public ControllerApiServer start() {
            if (token == null) {
                throw new IllegalStateException("token: null (expected: the API token, see BearerToken.readOrCreate)");
            }
            ExecutorService worker = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("nonstop-controller-call-", 0).factory());
            List<ApiRoute> routes = routes(store, operations, events, worker, keepAlive);
            ApiAudit audit = new ApiAudit(store, worker);
            ControlApiServer server;
            try {
                server = ControlApiServer.builder(name, token, new ApiRequestHandler(routes, token, audit))
                        .listen(listen)
                        .realm("nonstop-controller")
                        .maxBodyBytes(MAX_BODY)
                        .executor(worker)
                        .refusals(audit::refused)
                        .start();
            } catch (RuntimeException e) {
                worker.close();
                throw e;
            }
            return new ControllerApiServer(server, worker, routes);
        }
    }
}
