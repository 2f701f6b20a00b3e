package dev.nonstop.sample.lifecycle;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The SIGTERM shutdown hook: {@code /ready} turns 503, the listening socket closes (no new
 * connections), the requests in flight finish (at most {@code SAMPLE_STOP_TIMEOUT_MS}), then the
 * JVM halts with status 0 rather than the 143 a signal would leave.
 *
 * <p>The wait is on the {@link ExchangeTracker}, not on {@code HttpServer.stop(delay)} alone: on
 * Java 17 that method waits its whole delay even when nothing is in flight.
 */
public final class GracefulStop implements Runnable {

    private final HttpServer server;
    private final ExchangeTracker exchanges;
    private final InstanceLifecycle state;
    private final Duration timeout;
    private final PrintStream log;

    public GracefulStop(
            HttpServer server, ExchangeTracker exchanges, InstanceLifecycle state, Duration timeout, PrintStream log) {
        this.server = server;
        this.exchanges = exchanges;
        this.state = state;
        this.timeout = timeout;
        this.log = log;
    }

    @Override
    public void run() {
        state.stop();
        log.println("nonstop-sample-app: stopping, " + exchanges.running() + " request(s) in flight, waiting up to "
                + timeout.toMillis() + " ms");
        // HttpServer.stop closes the listening socket at once, then blocks; it runs beside the wait.
        Thread closer = new Thread(() -> server.stop(ExchangeTracker.ceilSeconds(timeout)), "sample-http-stop");
        closer.setDaemon(true);
        closer.start();
        boolean idle;
        try {
            idle = exchanges.awaitIdle(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        log.println(
                idle
                        ? "nonstop-sample-app: stopped, no request in flight"
                        : "nonstop-sample-app: stop timeout, " + exchanges.running() + " request(s) cut off");
        log.flush();
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
