package dev.nonstop.agent.api;

import dev.nonstop.agent.Agent;
import dev.nonstop.common.audit.RefusalAggregator;
import dev.nonstop.common.http.BearerAuth;
import dev.nonstop.common.http.BoundedBodyAggregator;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP API. Every call needs {@code Authorization: Bearer <token>} (else 401 with
 * {@code WWW-Authenticate}); bodies are JSON except the artifact upload (at most 64 MB, else 413);
 * errors are {@code {"error", "code", "problems": [{"path", "message"}]}}.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>{@code PUT /agent/apps/{app}/versions/{version}}</td><td>body: the jar; optional
 *       {@code X-Checksum-Sha256}. 201 installed, 200 already installed with that digest, 400
 *       checksum mismatch or bad name, 409 installed with another digest</td></tr>
 *   <tr><td>{@code GET /agent/apps}</td><td>{@code {"apps": {app: [{version, sha256, size}]}}}</td></tr>
 *   <tr><td>{@code POST /agent/instances}</td><td>an instance spec ({@code instanceId, app, version,
 *       port, env, jvmArgs}); 201 with its status, 404 version not installed, 409 id running</td></tr>
 *   <tr><td>{@code POST /agent/instances/{id}/stop}</td><td>optional {@code {"timeoutMs": N}};
 *       {@code {instanceId, mode, exitCode, tookMs}}</td></tr>
 *   <tr><td>{@code GET /agent/instances}</td><td>{@code {"instances": [status...]}}</td></tr>
 *   <tr><td>{@code GET /agent/instances/{id}}</td><td>{@code {instanceId, app, version, port, pid,
 *       state, exitCode, startedAt}}; 404 unknown</td></tr>
 * </table>
 *
 * <p>Mutations may carry {@code X-Nonstop-Release} and {@code X-Nonstop-Fencing-Token}: a token lower
 * than the highest seen for the release gets 409 {@code stale fencing token 3 for release r-1
 * (highest seen: 5)}. Every mutation is audited in {@code <dataDir>/audit.log}. Blocking work runs
 * on virtual threads, never on the event loop.
 *
 * <p>The token is checked on the request head, before any body byte is buffered (an unauthenticated
 * caller cannot make the agent hold a 64 MB upload), and at most {@value #MAX_UNAUTHENTICATED}
 * connections without an authenticated request are kept ({@link BearerAuth}). Requests refused for
 * their token are audited per caller and minute ({@link RefusalAggregator}).
 */
public final class AgentServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentServer.class);
    /** Bodies (artifact uploads) up to this many bytes; larger ones get 413. */
    static final int MAX_BODY = 64 * 1024 * 1024;

    static final int MAX_UNAUTHENTICATED = 64;
    private static final int MAX_REFUSED_CALLERS = 1000;
    private static final int IDLE_SECONDS = 300;
    private static final int REFUSALS_FLUSH_SECONDS = 10;

    private final EventLoopGroup group;
    private final ExecutorService worker;
    private final Channel channel;
    private final RefusalAggregator refusals;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AgentServer(EventLoopGroup group, ExecutorService worker, Channel channel, RefusalAggregator refusals) {
        this.group = group;
        this.worker = worker;
        this.channel = channel;
        this.refusals = refusals;
    }

    /** The loopback address with {@code port} (0 picks a free port). */
    public static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /**
     * Serves {@code agent} on {@code listen}; use {@link #loopback(int)} unless controllers on other
     * hosts must reach it.
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static AgentServer start(InetSocketAddress listen, AgentToken token, Agent agent) {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(agent, "agent");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("nonstop-agent-api"), NioIoHandler.newFactory());
        ExecutorService worker = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("nonstop-agent-call-", 0).factory());
        RefusalAggregator refusals = new RefusalAggregator(
                Clock.systemUTC(), MAX_REFUSED_CALLERS, r -> worker.execute(() -> agent.auditRefused(r)));
        BearerAuth auth = BearerAuth.builder("nonstop-agent", token::matches, AgentResponses::error)
                .maxUnauthenticatedConnections(MAX_UNAUTHENTICATED)
                .onRefused(r -> refusals.refused(r.caller(), r.what(), r.reason()))
                .build();
        group.scheduleAtFixedRate(refusals::flush, REFUSALS_FLUSH_SECONDS, REFUSALS_FLUSH_SECONDS, TimeUnit.SECONDS);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initPipeline(ch.pipeline(), auth, agent, worker);
                    }
                });
        Channel channel;
        try {
            channel = bootstrap.bind(listen).syncUninterruptibly().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            worker.close();
            String message = "agent listen " + listen.getHostString() + ":" + listen.getPort() + ": " + e.getMessage();
            IOException io = e instanceof BindException ? new BindException(message) : new IOException(message, e);
            throw new UncheckedIOException(io);
        }
        AgentServer server = new AgentServer(group, worker, channel, refusals);
        if (!server.address().getAddress().isLoopbackAddress()) {
            log.warn(
                    "agent API listening on {}, which is not a loopback address: anyone who can reach it and holds the"
                            + " token runs processes on this host",
                    server.address());
        } else {
            log.info("agent API listening on {}", server.address());
        }
        return server;
    }

    /** The handlers of an API connection, in order: the token is checked before any body is buffered. */
    static void initPipeline(ChannelPipeline pipeline, BearerAuth auth, Agent agent, ExecutorService worker) {
        pipeline.addLast("readTimeout", new ReadTimeoutHandler(IDLE_SECONDS, TimeUnit.SECONDS))
                .addLast("codec", new HttpServerCodec())
                .addLast("auth", auth.newHandler())
                .addLast("keepAlive", new HttpServerKeepAliveHandler())
                .addLast("aggregator", new BoundedBodyAggregator(MAX_BODY, AgentResponses::error))
                .addLast("api", new AgentApiHandler(agent, worker));
    }

    /** Where the API listens, with the real port when started with port 0. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops accepting and closes connections; calls in progress finish first. Does not close the agent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        channel.close().syncUninterruptibly();
        refusals.flushAll();
        worker.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
