package dev.nonstop.gateway.admin;

import dev.nonstop.common.audit.RefusalAggregator;
import dev.nonstop.common.audit.RefusedAttempts;
import dev.nonstop.common.http.BearerAuth;
import dev.nonstop.common.http.BoundedBodyAggregator;
import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.proxy.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's admin HTTP API, on its own single-thread event loop so that it answers even when
 * the proxy is saturated. Every call needs {@code Authorization: Bearer <token>} (else 401 with
 * {@code WWW-Authenticate: Bearer}); bodies are JSON (or YAML with {@code Content-Type:
 * application/yaml}), at most 1 MB; errors are {@code {"error": ..., "problems": [{"path", "message"}]}}.
 * The token is checked on the request head, before any body byte is buffered, and at most {@value
 * #MAX_UNAUTHENTICATED} connections without an authenticated request are kept (see {@link BearerAuth}); refusals are
 * written to the audit log ({@code dev.nonstop.gateway.audit}) per caller and minute ({@link RefusalAggregator}).
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
 * port and holds the token controls all traffic through the gateway.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    /** One line per mutation, refused ones included: who, what, when (the log's time), result. */
    static final Logger audit = LoggerFactory.getLogger("dev.nonstop.gateway.audit");

    static final int MAX_BODY = 1024 * 1024;
    static final int MAX_UNAUTHENTICATED = 64;
    private static final int MAX_REFUSED_CALLERS = 1000;
    private static final int IDLE_SECONDS = 60;
    private static final int REFUSALS_FLUSH_SECONDS = 10;

    private final EventLoopGroup group;
    private final Channel channel;
    private final RefusalAggregator refusals;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AdminServer(EventLoopGroup group, Channel channel, RefusalAggregator refusals) {
        this.group = group;
        this.channel = channel;
        this.refusals = refusals;
    }

    /**
     * Starts serving the admin API of {@code gateway} on {@code listen} (port 0 picks a free port).
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static AdminServer start(InetSocketAddress listen, AdminToken token, Gateway gateway) {
        return start(listen, token, AdminTarget.of(gateway));
    }

    static AdminServer start(InetSocketAddress listen, AdminToken token, AdminTarget target) {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(target, "target");
        // Native epoll where there is one, as the proxy: a flood of connections costs the admin thread less.
        Transport transport = Transport.best();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(
                1,
                new DefaultThreadFactory("nonstop-admin"),
                transport == Transport.EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        RefusalAggregator refusals =
                new RefusalAggregator(Clock.systemUTC(), MAX_REFUSED_CALLERS, AdminServer::auditRefusals);
        BearerAuth auth = auth(token, refusals);
        group.scheduleAtFixedRate(refusals::flush, REFUSALS_FLUSH_SECONDS, REFUSALS_FLUSH_SECONDS, TimeUnit.SECONDS);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("readTimeout", new ReadTimeoutHandler(IDLE_SECONDS, TimeUnit.SECONDS));
                        initPipeline(ch.pipeline(), auth, target);
                    }
                });
        Channel channel;
        try {
            channel = bootstrap.bind(listen).syncUninterruptibly().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            String message = "admin.listen " + listen.getHostString() + ":" + listen.getPort() + ": " + e.getMessage();
            IOException io = e instanceof BindException ? new BindException(message) : new IOException(message, e);
            throw new UncheckedIOException(io);
        }
        AdminServer server = new AdminServer(group, channel, refusals);
        InetSocketAddress bound = server.address();
        if (!bound.getAddress().isLoopbackAddress()) {
            log.warn(
                    "admin API listening on {}, which is not a loopback address: anyone who can reach it and holds"
                            + " the token controls the gateway",
                    bound);
        } else {
            log.info("admin API listening on {}", bound);
        }
        return server;
    }

    /** The token check of one admin server, shared by its connections; refusals go to {@code refusals}. */
    static BearerAuth auth(AdminToken token, RefusalAggregator refusals) {
        return BearerAuth.builder(
                        "nonstop-gateway",
                        token::matches,
                        (status, code, message) -> AdminResponses.error(status, message))
                .maxUnauthenticatedConnections(MAX_UNAUTHENTICATED)
                .onRefused(r -> refusals.refused(r.caller(), r.what(), r.reason()))
                .build();
    }

    /** The HTTP handlers of an admin connection, in order: the token is checked before any body is buffered. */
    static void initPipeline(ChannelPipeline pipeline, BearerAuth auth, AdminTarget target) {
        pipeline.addLast("codec", new HttpServerCodec())
                .addLast("auth", auth.newHandler())
                .addLast("keepAlive", new HttpServerKeepAliveHandler())
                .addLast(
                        "aggregator",
                        new BoundedBodyAggregator(
                                MAX_BODY, (status, code, message) -> AdminResponses.error(status, message)))
                .addLast("api", new AdminApiHandler(target));
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
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops accepting, closes open admin connections and stops the admin event loop. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Bounded: a broken event loop must not hang the process's shutdown.
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        refusals.flushAll();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
