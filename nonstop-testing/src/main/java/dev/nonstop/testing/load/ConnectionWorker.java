package dev.nonstop.testing.load;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * One simulated client: sends requests one after the other over one keep-alive connection, and
 * records the outcome of each. It reopens the connection only when no request can have been lost:
 * after a response that ends it ({@code Connection: close}, or a body delimited by the close), after
 * a failure, or when the server closed it while idle, which it checks before writing. A request that
 * was written is never sent again.
 */
final class ConnectionWorker implements Runnable {
    private final LoadGenerator config;
    private final RunState run;
    private final Tally tally;
    private final CookieJar cookies;
    private Connection connection;

    ConnectionWorker(LoadGenerator config, RunState run, Tally tally) {
        this.config = config;
        this.run = run;
        this.tally = tally;
        this.cookies = config.cookies() ? new CookieJar() : null;
    }

    @Override
    public void run() {
        long period = config.rate() > 0 ? (long) (config.connections() * 1e9 / config.rate()) : 0;
        // connections start spread over one period rather than all at once
        long nextAt =
                System.nanoTime() + (period > 0 ? ThreadLocalRandom.current().nextLong(period) : 0);
        try {
            for (long n = run.nextRequest(); n > 0; n = run.nextRequest()) {
                if (period > 0) {
                    waitUntil(nextAt);
                    long now = System.nanoTime();
                    nextAt = Math.max(nextAt + period, now);
                }
                execute(n);
            }
        } finally {
            disconnect();
        }
    }

    /** The pace: parks until {@code at} on the nano clock, or until the run stops. */
    private void waitUntil(long at) {
        for (long left = at - System.nanoTime(); left > 0 && !run.stopping(); left = at - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(left, 50_000_000L));
        }
    }

    private void execute(long n) {
        RequestSpec request = config.requestFor(n);
        String id = config.requestIdPrefix() + "-" + n;
        tally.sent();
        if (connection != null && connection.closedWhileIdle()) {
            disconnect();
        }
        if (connection == null) {
            try {
                connection = Connection.open(config.target(), config.connectTimeout(), config.readTimeout());
            } catch (IOException e) {
                tally.failure(id, request, connectFailure(e), String.valueOf(e.getMessage()));
                return;
            }
            run.opened(connection);
            tally.connectionOpened();
        }
        long start = System.nanoTime();
        try {
            connection.write(config.head(request, id, cookies == null ? null : cookies.header()), config.body(request));
        } catch (IOException e) {
            fail(id, request, e);
            return;
        }
        ResponseHead response;
        try {
            response = connection.readResponse("HEAD".equals(request.method()));
        } catch (IOException e) {
            fail(id, request, e);
            return;
        }
        tally.response(id, request, response.status(), System.nanoTime() - start);
        if (cookies != null) {
            cookies.store(response.setCookies());
        }
        if (!response.keepAlive() || !config.keepAlive()) {
            disconnect();
        }
    }

    private void fail(String id, RequestSpec request, IOException e) {
        tally.failure(id, request, failure(e), e.getClass().getSimpleName() + ": " + e.getMessage());
        disconnect();
    }

    private FailureReason failure(IOException e) {
        if (run.aborted()) {
            return FailureReason.ABORTED;
        }
        if (e instanceof SocketTimeoutException) {
            return FailureReason.TIMEOUT;
        }
        if (e instanceof MalformedResponseException) {
            return FailureReason.MALFORMED;
        }
        if (e instanceof ResponseEofException eof) {
            return eof.responseStarted() ? FailureReason.TRUNCATED : FailureReason.EOF_BEFORE_RESPONSE;
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("reset") || message.contains("broken pipe")) {
            return FailureReason.RESET;
        }
        return FailureReason.IO_ERROR;
    }

    private static FailureReason connectFailure(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return FailureReason.CONNECT_TIMEOUT;
        }
        if (e instanceof ConnectException && String.valueOf(e.getMessage()).contains("refused")) {
            return FailureReason.CONNECT_REFUSED;
        }
        return FailureReason.CONNECT_FAILED;
    }

    private void disconnect() {
        if (connection != null) {
            run.closed(connection);
            connection = null;
        }
    }
}
