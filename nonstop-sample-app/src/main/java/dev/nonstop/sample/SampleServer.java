package dev.nonstop.sample;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import dev.nonstop.app.InFlight;
import dev.nonstop.app.NonstopApp;
import dev.nonstop.sample.config.SampleConfig;
import dev.nonstop.sample.endpoints.Endpoints;
import dev.nonstop.sample.endpoints.Instance;
import dev.nonstop.sample.http.InstanceHeadersFilter;
import dev.nonstop.sample.lifecycle.ExchangeTracker;
import dev.nonstop.sample.lifecycle.GracefulStop;
import dev.nonstop.sample.lifecycle.InstanceLifecycle;
import dev.nonstop.sample.session.SessionSigner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running sample app: the JDK HTTP server with every endpoint, on a bounded pool of request
 * threads (virtual threads would need Java 21; user apps run on 17). {@link #close()} stops it at
 * once; a graceful stop is {@link #gracefulStop(PrintStream)}.
 */
public final class SampleServer implements AutoCloseable {

    /** How long a session cookie stays valid after login. */
    public static final Duration SESSION_MAX_AGE = Duration.ofHours(12);

    /** Request threads: enough for many slow requests at once; a request beyond them waits in the queue. */
    static final int REQUEST_THREADS = 200;

    private static final int BACKLOG = 1024;

    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    private final ExchangeTracker exchanges;
    private final InstanceLifecycle state;
    private final NonstopApp app;
    private final Duration stopTimeout;

    private SampleServer(
            HttpServer server,
            ThreadPoolExecutor pool,
            ExchangeTracker exchanges,
            InstanceLifecycle state,
            NonstopApp app,
            Duration stopTimeout) {
        this.server = server;
        this.pool = pool;
        this.exchanges = exchanges;
        this.state = state;
        this.app = app;
        this.stopTimeout = stopTimeout;
    }

    /**
     * Binds and starts serving; the warm-up of {@code /ready} starts now.
     *
     * @throws IOException when the address cannot be bound, such as a port in use
     */
    public static SampleServer start(SampleConfig config, AppVersion version, Clock clock) throws IOException {
        InstanceLifecycle state = new InstanceLifecycle(clock, config.startupDelay(), config.failHealth());
        Instance instance = new Instance(config.instanceId(), version);
        NonstopApp app = NonstopApp.builder(Map.of())
                .instance(instance.id())
                .version(version.name())
                .token(config.appToken())
                .participant(state)
                .build();
        SessionSigner signer = new SessionSigner(config.sessionSecret(), SESSION_MAX_AGE, clock);

        HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), BACKLOG);
        HttpContext context =
                server.createContext("/", Endpoints.router(instance, signer, state, app, config.failSmoke()));
        context.getFilters().add(new InstanceHeadersFilter(instance.id(), version.name()));
        ThreadPoolExecutor pool = requestPool();
        ExchangeTracker exchanges = new ExchangeTracker(pool);
        server.setExecutor(exchanges);
        server.start();
        return new SampleServer(server, pool, exchanges, state, app, config.stopTimeout());
    }

    /** The bound port, the ephemeral one when configured with 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    public InstanceLifecycle state() {
        return state;
    }

    /** The application requests in progress. */
    public InFlight inFlight() {
        return app.inFlight();
    }

    /** The drain contract's state: draining or not, the participants, the status. */
    public NonstopApp app() {
        return app;
    }

    /** The SIGTERM shutdown hook for this server; it ends by halting the JVM with status 0. */
    public GracefulStop gracefulStop(PrintStream log) {
        return new GracefulStop(server, exchanges, state, stopTimeout, log);
    }

    /** Stops at once, cutting off requests in flight. */
    @Override
    public void close() {
        state.stop();
        server.stop(0);
        pool.shutdownNow();
    }

    private static ThreadPoolExecutor requestPool() {
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "sample-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                REQUEST_THREADS, REQUEST_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
