package dev.nonstop.gateway;

import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.proxy.ProxyServer;
import dev.nonstop.gateway.stats.GatewayStats;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the proxy's own code hot before the gateway opens its port, so that the first requests of real users do
 * not pay for a cold JVM (interpreted code, then compilation competing with the traffic for the cores).
 *
 * <p>A throwaway proxy with the gateway's settings, bound to an ephemeral loopback port, forwards requests from a
 * few loopback clients to a throwaway loopback backend: GETs, POSTs with a body, responses with a length and
 * chunked ones, on keep-alive connections, through the same decoders, balancer, connection pool and encoders as
 * real traffic. It stops after {@code requests} exchanges or {@code budget}, whichever comes first; its counters
 * are its own and nothing of it is visible to the real gateway (no stats, no access log, no listening port once
 * it returns). A failure here is logged and never stops the gateway from starting.
 */
final class GatewayWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayWarmUp.class);
    private static final int CLIENTS = 4;
    private static final byte[] POST_BODY = "x".repeat(512).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LENGTH_RESPONSE =
            ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n"
                            + "Cache-Control: no-store\r\n\r\nhello, world\n")
                    .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED_RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n7\r\n{\"a\":1}\r\n0\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private GatewayWarmUp() {}

    /** What a warm-up did: exchanges completed and the time it took. */
    record Result(long exchanges, Duration took) {}

    /**
     * Warms the proxy code up.
     *
     * @param settings the gateway's settings (its listen address and access log are not used)
     * @param budget the longest the warm-up may take
     * @param requests the exchanges after which it stops
     */
    static Result run(GatewaySettings settings, Duration budget, long requests) {
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<Thread> threads = new ArrayList<>();
        try (ServerSocket backend = new ServerSocket(0, 50, loopback)) {
            threads.add(Thread.ofPlatform()
                    .daemon()
                    .name("nonstop-warm-up-backend")
                    .start(() -> acceptLoop(backend, stop)));
            GatewaySettings warmSettings = settings.toBuilder()
                    .listen(new InetSocketAddress(loopback, 0))
                    .reusePort(false)
                    .accessLog(false)
                    .dataDir(null)
                    .build();
            RoutingTable table = new RoutingTable(
                    1,
                    List.of(Route.any("nonstop-warm-up")),
                    List.of(App.of(
                            "nonstop-warm-up",
                            Member.active("nonstop-warm-up-1", loopback.getHostAddress(), backend.getLocalPort()))));
            ProxyServer proxy = ProxyServer.start(warmSettings, new GatewayStats(), table);
            try {
                InetSocketAddress target = proxy.address();
                List<Thread> clients = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    int client = i;
                    clients.add(Thread.ofPlatform()
                            .daemon()
                            .name("nonstop-warm-up-client-" + i)
                            .start(() -> clientLoop(client, target, done, requests, deadline, stop)));
                }
                for (Thread t : clients) {
                    t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000 + 1_000));
                }
            } finally {
                stop.set(true);
                proxy.shutdownGracefully(Duration.ofSeconds(1));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("gateway warm-up stopped early ({}); starting without it", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stop.set(true);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new Result(done.get(), took);
    }

    private static void clientLoop(
            int client, InetSocketAddress target, AtomicLong done, long requests, long deadline, AtomicBoolean stop) {
        byte[] get = ("GET /warm-up/" + client + "?q=1&page=2 HTTP/1.1\r\nHost: warm-up.local\r\n"
                        + "User-Agent: nonstop-warm-up\r\nAccept: */*\r\nAccept-Encoding: gzip\r\n"
                        + "Cookie: a=1; NONSTOP_WARM=" + client + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] post = ("POST /warm-up/orders HTTP/1.1\r\nHost: warm-up.local\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + POST_BODY.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        long n = 0;
        while (!stop.get() && System.nanoTime() < deadline && done.get() < requests) {
            try (Socket socket = new Socket(target.getAddress(), target.getPort())) {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(2_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                while (!stop.get() && System.nanoTime() < deadline && done.get() < requests) {
                    if (n++ % 4 == 3) {
                        out.write(post);
                        out.write(POST_BODY);
                    } else {
                        out.write(get);
                    }
                    out.flush();
                    if (!readResponse(in)) {
                        break;
                    }
                    done.incrementAndGet();
                }
            } catch (IOException e) {
                if (System.nanoTime() < deadline && !stop.get()) {
                    LOG.debug("warm-up client {}: {}", client, e.toString());
                }
                return;
            }
        }
    }

    /** Reads one response (with a length or chunked); false when the connection ended or was told to close. */
    private static boolean readResponse(InputStream in) throws IOException {
        String status = readLine(in);
        if (status == null || !status.startsWith("HTTP/1.1 2")) {
            return false;
        }
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (chunked) {
            for (; ; ) {
                String size = readLine(in);
                if (size == null) {
                    return false;
                }
                int chunk = Integer.parseInt(size.trim(), 16);
                if (chunk == 0) {
                    readLine(in); // the empty line after the last chunk (no trailers here)
                    break;
                }
                in.skipNBytes(chunk);
                readLine(in);
            }
        } else if (length > 0) {
            in.skipNBytes(length);
        }
        return !close;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                int last = line.length() - 1;
                return last >= 0 && line.charAt(last) == '\r' ? line.substring(0, last) : line.toString();
            }
            line.append((char) b);
        }
        return line.isEmpty() ? null : line.toString();
    }

    private static void acceptLoop(ServerSocket server, AtomicBoolean stop) {
        int n = 0;
        while (!stop.get()) {
            try {
                Socket socket = server.accept();
                boolean chunked = n++ % 2 == 1;
                Thread.ofPlatform()
                        .daemon()
                        .name("nonstop-warm-up-backend-" + n)
                        .start(() -> serve(socket, chunked));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Answers every request on a connection, with a length or chunked, until the proxy closes it. */
    private static void serve(Socket socket, boolean chunked) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (; ; ) {
                String start = readLine(in);
                if (start == null) {
                    return;
                }
                long length = 0;
                for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                    String lower = line.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        length = Long.parseLong(lower.substring(15).trim());
                    }
                }
                in.skipNBytes(length);
                out.write(chunked ? CHUNKED_RESPONSE : LENGTH_RESPONSE);
                out.flush();
            }
        } catch (SocketException e) {
            // the proxy closed its pooled connection
        } catch (IOException | RuntimeException e) {
            LOG.debug("warm-up backend: {}", e.toString());
        }
    }
}
