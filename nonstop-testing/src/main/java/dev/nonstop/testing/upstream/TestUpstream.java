package dev.nonstop.testing.upstream;

import dev.nonstop.testing.upstream.internal.Transport;
import dev.nonstop.testing.upstream.internal.UpstreamChannelInitializer;
import dev.nonstop.testing.upstream.internal.UpstreamEvent;
import dev.nonstop.testing.upstream.internal.UpstreamState;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A small, fast HTTP/1.1 server to stand behind the gateway in tests and benchmarks. Keep-alive,
 * pipelining (responses in request order), epoll when available.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>any GET path</td><td>200 {@code <id> <path>\n}</td></tr>
 *   <tr><td>POST or PUT, any path</td><td>200 {@code <id> <bytes> <crc32 as 8 hex digits>\n}; the
 *       body is streamed, any size, Content-Length or chunked</td></tr>
 *   <tr><td>{@code ?delay=MS} on any request</td><td>the response starts MS milliseconds after the
 *       request was read (scheduled on the event loop)</td></tr>
 *   <tr><td>{@code /chunked?chunks=N&size=B}</td><td>a chunked body of N chunks of B bytes</td></tr>
 *   <tr><td>{@code /sse?events=N&intervalMs=M}</td><td>server-sent events, N of them M ms apart;
 *       with N = 0 until the connection closes or the upstream stops</td></tr>
 *   <tr><td>{@code /ws}</td><td>WebSocket echo</td></tr>
 *   <tr><td>{@code /health}</td><td>200 {@code UP} or 503 {@code DOWN}; {@code POST
 *       /control/health?up=false|true} switches it</td></tr>
 *   <tr><td>{@code /status/NNN}</td><td>that status (200..599)</td></tr>
 *   <tr><td>{@code /close}</td><td>200, {@code Connection: close}, then the connection closes</td></tr>
 *   <tr><td>{@code GET /bench}</td><td>a fixed 13-byte body from a precomputed response</td></tr>
 * </table>
 *
 * <p>Every response carries {@code X-Upstream-Id: <id>}. A request with {@code X-Request-Id: X}
 * makes the upstream print {@code RECV X} on stdout (flushed before the response), unless {@link
 * TestUpstreamOptions#printRequestIds()} is off.
 *
 * <p>{@link #close()} stops gracefully: no new connections, idle connections closed, requests in
 * progress answered (with {@code Connection: close}), endless event streams ended, all within
 * {@link TestUpstreamOptions#shutdownTimeout()}. Run as a program ({@link #main}) it prints {@code
 * LISTENING <port>} once it listens and stops the same way on SIGTERM.
 */
public final class TestUpstream implements AutoCloseable {
    private static final long BIND_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final TestUpstreamOptions options;
    private final UpstreamState state;
    private final Transport transport;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);

    private TestUpstream(
            TestUpstreamOptions options,
            UpstreamState state,
            Transport transport,
            EventLoopGroup group,
            Channel serverChannel) {
        this.options = options;
        this.state = state;
        this.transport = transport;
        this.group = group;
        this.serverChannel = serverChannel;
    }

    /**
     * Starts an upstream and returns once it listens.
     *
     * @throws UpstreamBindException if the address cannot be bound within the bind timeout
     */
    public static TestUpstream start(TestUpstreamOptions options) {
        return start(options, System.out);
    }

    static TestUpstream start(TestUpstreamOptions options, PrintStream out) {
        Objects.requireNonNull(options, "options");
        UpstreamState state = new UpstreamState(options.id(), options.printRequestIds(), out);
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(options.threads(), "upstream-" + options.id());
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannelType())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new UpstreamChannelInitializer(state, options.idleTimeout()));
            Channel channel = bind(bootstrap, options);
            return new TestUpstream(options, state, transport, group, channel);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    private static Channel bind(ServerBootstrap bootstrap, TestUpstreamOptions options) {
        long deadline = System.nanoTime() + options.bindTimeout().toNanos();
        for (int attempt = 1; ; attempt++) {
            ChannelFuture bound = bootstrap.bind(options.host(), options.port()).awaitUninterruptibly();
            if (bound.isSuccess()) {
                return bound.channel();
            }
            Throwable cause = bound.cause();
            boolean inUse = cause instanceof BindException
                    || (cause != null && String.valueOf(cause.getMessage()).contains("in use"));
            if (!inUse || System.nanoTime() - deadline >= 0 || attempt >= 10_000) {
                throw new UpstreamBindException(
                        "cannot bind " + options.host() + ":" + options.port() + " after " + attempt + " attempt(s): "
                                + cause,
                        cause);
            }
            LockSupport.parkNanos(BIND_RETRY_NANOS);
        }
    }

    /** Runs an upstream until SIGTERM; see {@link TestUpstreamCommand} for the arguments. */
    public static void main(String[] args) {
        System.exit(TestUpstreamCommand.run(args, System.out, System.err));
    }

    public int port() {
        return address().getPort();
    }

    public String host() {
        return options.host();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public String id() {
        return options.id();
    }

    /** {@code epoll} or {@code nio}. */
    public String transport() {
        return transport.name();
    }

    public TestUpstreamOptions options() {
        return options;
    }

    /** Whether {@code /health} answers 200 (true) or 503. */
    public boolean healthy() {
        return state.healthy();
    }

    /** Switches {@code /health}, like {@code POST /control/health?up=...}. */
    public void healthy(boolean up) {
        state.healthy(up);
    }

    /** Requests received since the start (request heads, answered or not). */
    public long requestsReceived() {
        return state.requests();
    }

    /** Connections open right now. */
    public int openConnections() {
        return state.connections().size();
    }

    /** Stops gracefully within {@link TestUpstreamOptions#shutdownTimeout()}. */
    @Override
    public void close() {
        stop(options.shutdownTimeout());
    }

    /**
     * Stops accepting, lets requests in progress finish (closing each connection after its current
     * response) and closes what is left at the deadline. Idempotent.
     *
     * @return true if every connection finished within {@code timeout}
     */
    public boolean stop(Duration timeout) {
        if (!stopped.compareAndSet(false, true)) {
            awaitTermination(timeout);
            return true;
        }
        try {
            state.startStopping();
            serverChannel.close().awaitUninterruptibly();
            boolean drained = drain(timeout);
            if (!drained) {
                state.connections().close().awaitUninterruptibly(1_000);
            }
            return drained;
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
            terminated.countDown();
        }
    }

    private boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int round = 0; round < 100 && !state.connections().isEmpty(); round++) {
            state.connections().forEach(ch -> ch.pipeline().fireUserEventTriggered(UpstreamEvent.DRAIN));
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            state.connections().newCloseFuture().awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
        return state.connections().isEmpty();
    }

    /** Waits until a stop has completed; returns false if it did not within {@code timeout}. */
    public boolean awaitTermination(Duration timeout) {
        try {
            return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    @Override
    public String toString() {
        return "TestUpstream[" + options.id() + " " + options.host() + ":" + port() + " " + transport.name() + "]";
    }
}
