package dev.nonstop.common.http;

import dev.nonstop.common.audit.RefusalAggregator;
import dev.nonstop.common.audit.RefusedAttempts;
import dev.nonstop.common.token.BearerToken;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of a control API (the gateway's admin API, the agent's, the controller's): everything but the
 * endpoints, written once. Each connection's pipeline:
 *
 * <pre>{@code
 * readTimeout -> codec -> auth (BearerAuth: the token is decided on the request head, before any body byte is read)
 *     -> keepAlive -> [spooler (BodySpoolingHandler: the bodies of the spooledBodies requests to files)]
 *     -> aggregator (BoundedBodyAggregator: 413 for a body over maxBodyBytes) -> api (hand-off)
 * }</pre>
 *
 * <p>Bodies are joined in memory, up to {@link Builder#maxBodyBytes} (1 MiB by default: JSON). The requests that
 * carry large bodies (an artifact upload) are picked by {@link Builder#spooledBodies}: their body is written to a file
 * as it arrives, up to a limit of its own, and the handler gets the file ({@link ControlRequest#spooledBody()}).
 *
 * <p>The {@link ControlApiHandler} runs on the {@link Builder#executor executor}, never on the event loop, one request
 * of a connection at a time. Every error the server answers itself (401, 408, 400 for a malformed head, 413, 417,
 * 500, 503) is a {@link ProblemDetails}, the format the handlers use for theirs. Requests refused before the handler
 * saw them are counted per caller and minute ({@link RefusalAggregator}) and reported to {@link Builder#refusals}.
 * The server binds to the loopback address unless told otherwise, and warns when it is not: whoever reaches the port
 * and holds the token controls what the API controls.
 *
 * <pre>{@code
 * try (ControlApiServer server = ControlApiServer.builder("agent API", token, handler)
 *         .port(9080)
 *         .spooledBodies(head -> HttpMethod.PUT.equals(head.method()), dataDir.resolve("uploads"), 2L << 30)
 *         .executor(virtualThreads)
 *         .refusals(attempts -> audit.refused(attempts))
 *         .start()) {
 *     server.address(); // 127.0.0.1:9080
 * }
 * }</pre>
 */
public final class ControlApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlApiServer.class);
    private static final int MAX_REFUSED_CALLERS = 1000;
    private static final int REFUSALS_FLUSH_SECONDS = 10;

    private final String name;
    private final EventLoopGroup group;
    private final Channel channel;
    private final RefusalAggregator refusals;
    private final ExecutorService ownedExecutor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ControlApiServer(
            String name,
            EventLoopGroup group,
            Channel channel,
            RefusalAggregator refusals,
            ExecutorService ownedExecutor) {
        this.name = name;
        this.group = group;
        this.channel = channel;
        this.refusals = refusals;
        this.ownedExecutor = ownedExecutor;
    }

    /**
     * A builder of a server that lets through the requests presenting {@code token} to {@code handler}.
     *
     * @param name the API's name in thread names and log lines: {@code agent API}
     */
    public static Builder builder(String name, BearerToken token, ControlApiHandler handler) {
        return new Builder(name, token, handler);
    }

    /** Where the server listens, with the real port when started with port 0. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /**
     * Stops accepting, closes open connections, reports the refusals counted so far and stops the event loop and the
     * executor the server made itself (one given to the builder is its owner's to close).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Bounded: a broken event loop must not hang the process's shutdown.
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        refusals.flushAll();
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
        log.info("{} on {} closed", name, channel.localAddress());
    }

    @Override
    public String toString() {
        return "ControlApiServer[" + name + " on " + channel.localAddress() + "]";
    }

    /** Settings of a {@link ControlApiServer}; all but the name, token and handler have defaults. */
    public static final class Builder {
        private final String name;
        private final ControlApiHandler handler;
        private final BearerAuth.Builder auth;
        private InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private int maxBodyBytes = 1024 * 1024;
        private Executor executor;
        private Duration idleTimeout = Duration.ofMinutes(5);
        private Consumer<RefusedAttempts> refusals;
        private IoHandlerFactory ioHandlerFactory;
        private Class<? extends ServerChannel> serverChannel = NioServerSocketChannel.class;
        private Predicate<HttpRequest> spooled;
        private Path spoolDir;
        private long maxSpooledBytes;

        private Builder(String name, BearerToken token, ControlApiHandler handler) {
            this.name = Objects.requireNonNull(name, "name");
            this.handler = Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(token, "token");
            this.auth = BearerAuth.builder("nonstop", token::matches, ControlResponses::problem);
            this.refusals = r -> log.warn("{}: refused {} from {}: {}", name, r.what(), r.caller(), r.describe());
        }

        /** Where to listen. Default: the loopback address, port 0 (a free port). */
        public Builder listen(InetSocketAddress listen) {
            this.listen = Objects.requireNonNull(listen, "listen");
            return this;
        }

        /** Listens on the loopback address with {@code port} (0 picks a free port). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
            }
            return listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }

        /** The {@code WWW-Authenticate} realm of a 401: {@code nonstop-agent}. Default: {@code nonstop}. */
        public Builder realm(String realm) {
            auth.realm(realm);
            return this;
        }

        /**
         * The largest request body held in memory; a larger one gets 413 and the connection is closed. The bodies of
         * {@link #spooledBodies} have their own limit. Default: 1 MiB.
         */
        public Builder maxBodyBytes(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxBodyBytes: " + max + " (expected: >= 0)");
            }
            this.maxBodyBytes = max;
            return this;
        }

        /**
         * Writes the bodies of the requests {@code which} picks to files in {@code spoolDir} instead of memory, up to
         * {@code maxBytes} each; {@link #maxBodyBytes} stays the limit of the others. {@code which} sees the request
         * head (method, URI, headers) of an authenticated request only, on the event loop: it must be quick. A body
         * over {@code maxBytes} gets 413 naming the limit, and the connection is closed, as with {@link
         * #maxBodyBytes}. The handler gets the file as {@link ControlRequest#spooledBody()} and an empty {@link
         * ControlRequest#content()}; the server deletes the file when the handler returns unless the handler moved it,
         * and deletes a partial file when the connection closes or the body is refused. Default: no body is spooled.
         *
         * <p>The chunks are written on the event loop with {@link java.nio.channels.FileChannel#write}, without a
         * sync: a few microseconds per 8 KiB chunk into the page cache.
         *
         * @param spoolDir created with owner-only access ({@code 0700}) when missing; each body's file is {@code 0600}.
         *     On the file system where the handler keeps the bodies, a move of the file is a rename.
         */
        public Builder spooledBodies(Predicate<HttpRequest> which, Path spoolDir, long maxBytes) {
            Objects.requireNonNull(which, "which");
            Objects.requireNonNull(spoolDir, "spoolDir");
            if (maxBytes < 0) {
                throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 0)");
            }
            this.spooled = which;
            this.spoolDir = spoolDir.toAbsolutePath();
            this.maxSpooledBytes = maxBytes;
            return this;
        }

        /**
         * Where the handler runs, off the event loop; its owner closes it, after the server. Default: a pool of daemon
         * threads that the server makes and stops.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** A connection that sends nothing for this long is closed. Default: 5 minutes. */
        public Builder idleTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout: " + timeout + " (expected: > 0)");
            }
            this.idleTimeout = timeout;
            return this;
        }

        /** See {@link BearerAuth.Builder#authenticationTimeout(Duration)}. Default: 10 seconds. */
        public Builder authenticationTimeout(Duration timeout) {
            auth.authenticationTimeout(timeout);
            return this;
        }

        /** See {@link BearerAuth.Builder#maxUnauthenticatedConnections(int)}. Default: 64. */
        public Builder maxUnauthenticatedConnections(int max) {
            auth.maxUnauthenticatedConnections(max);
            return this;
        }

        /**
         * Told of requests refused before the handler saw them, per caller and minute: the first at once, the count of
         * the rest when the minute is over. Called on the event loop: it must not block. Default: a log line.
         */
        public Builder refusals(Consumer<RefusedAttempts> refusals) {
            this.refusals = Objects.requireNonNull(refusals, "refusals");
            return this;
        }

        /** The event loop's transport, e.g. epoll where there is one. Default: NIO. */
        public Builder transport(IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel) {
            this.ioHandlerFactory = Objects.requireNonNull(ioHandlerFactory, "ioHandlerFactory");
            this.serverChannel = Objects.requireNonNull(serverChannel, "serverChannel");
            return this;
        }

        /**
         * The handlers of one connection, for a test that drives the API through an {@code EmbeddedChannel} without
         * a socket; refusals are reported as they are counted.
         *
         * @throws UncheckedIOException when the {@link #spooledBodies spool directory} cannot be created
         */
        public ChannelInitializer<Channel> channelInitializer() {
            Executor run = executor == null ? Runnable::run : executor;
            return initializer(run, new RefusalAggregator(Clock.systemUTC(), MAX_REFUSED_CALLERS, refusals));
        }

        private ChannelInitializer<Channel> initializer(Executor run, RefusalAggregator aggregator) {
            BearerAuth bearerAuth = auth.onRefused(r -> aggregator.refused(r.caller(), r.what(), r.reason()))
                    .build();
            long idleMillis = idleTimeout.toMillis();
            int maxBody = maxBodyBytes;
            Predicate<HttpRequest> spool = spooled;
            Path dir = spoolDir;
            long maxSpooled = maxSpooledBytes;
            if (spool != null) {
                createSpoolDirectory();
            }
            return new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline()
                            .addLast("readTimeout", new ReadTimeoutHandler(idleMillis, TimeUnit.MILLISECONDS))
                            .addLast("codec", new HttpServerCodec())
                            .addLast("auth", bearerAuth.newHandler())
                            .addLast("keepAlive", new HttpServerKeepAliveHandler());
                    if (spool != null) {
                        ch.pipeline()
                                .addLast(
                                        "spooler",
                                        new BodySpoolingHandler(spool, dir, maxSpooled, ControlResponses::problem));
                    }
                    ch.pipeline()
                            .addLast("aggregator", new BoundedBodyAggregator(maxBody, ControlResponses::problem))
                            .addLast("api", new HandOffHandler(name, handler, run));
                }
            };
        }

        /**
         * Binds and starts serving.
         *
         * @throws UncheckedIOException when the address cannot be bound (a {@link BindException} when it is taken), or
         *     the {@link #spooledBodies spool directory} cannot be created
         */
        public ControlApiServer start() {
            if (spooled != null) {
                createSpoolDirectory(); // before there are threads to stop
            }
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(
                    1,
                    new DefaultThreadFactory(threadName("io")),
                    ioHandlerFactory == null ? NioIoHandler.newFactory() : ioHandlerFactory);
            ExecutorService owned = executor == null
                    ? Executors.newCachedThreadPool(new DefaultThreadFactory(threadName("call"), true))
                    : null;
            RefusalAggregator aggregator = new RefusalAggregator(Clock.systemUTC(), MAX_REFUSED_CALLERS, refusals);
            group.scheduleAtFixedRate(
                    aggregator::flush, REFUSALS_FLUSH_SECONDS, REFUSALS_FLUSH_SECONDS, TimeUnit.SECONDS);
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(serverChannel)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(initializer(owned == null ? executor : owned, aggregator));
            Channel channel;
            try {
                channel = bootstrap.bind(listen).syncUninterruptibly().channel();
            } catch (Exception e) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                if (owned != null) {
                    owned.shutdown();
                }
                String message =
                        name + " listen " + listen.getHostString() + ":" + listen.getPort() + ": " + e.getMessage();
                IOException io = e instanceof BindException ? new BindException(message) : new IOException(message, e);
                throw new UncheckedIOException(io);
            }
            ControlApiServer server = new ControlApiServer(name, group, channel, aggregator, owned);
            if (server.address().getAddress().isLoopbackAddress()) {
                log.info("{} listening on {}", name, server.address());
            } else {
                log.warn(
                        "{} listening on {}, which is not a loopback address: anyone who can reach it and holds the"
                                + " token controls what it controls",
                        name,
                        server.address());
            }
            return server;
        }

        private void createSpoolDirectory() {
            try {
                BodySpoolingHandler.createDirectory(spoolDir);
            } catch (IOException e) {
                throw new UncheckedIOException(name + " spool directory " + spoolDir + ": " + e.getMessage(), e);
            }
        }

        private String threadName(String role) {
            return "nonstop-" + name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + "-" + role;
        }
    }
}
