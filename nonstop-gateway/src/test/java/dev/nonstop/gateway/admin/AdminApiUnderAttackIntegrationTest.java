package dev.nonstop.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 2 of issue 10, rerun: 600 connections without a token push ~1 MiB request bodies at the admin API of a
 * gateway running in its own process (started as {@code nonstop gateway} starts it: default JVM settings), while
 * valid admin calls are timed, each on a new connection. The gateway's memory is its process's peak resident set
 * ({@code VmHWM} in {@code /proc/<pid>/status}), which counts heap, direct buffers and everything else.
 */
class AdminApiUnderAttackIntegrationTest {
    private static final String TOKEN = "attack-test-token-0123456789";
    private static final int ATTACKERS = 600;
    private static final long BODY = 1_000_000;
    /**
     * {@value #CALLS} calls every 50 ms: 12 s, longer than the authentication timeout, so that the refused connections
     * are closed and come back meanwhile.
     */
    private static final int CALLS = 240;

    private static final Duration CALL_INTERVAL = Duration.ofMillis(50);
    /**
     * The target: valid calls answer within 100 ms, checked on the 99th percentile. On two cores shared with the
     * attackers, the rest of a test suite and a JIT, one call in 240 has taken 139 ms (seen once); a starved API
     * (the old code) had 230 of 240 calls over 100 ms and a median of 374 ms. None may take {@link
     * #STARVED_CALL_MILLIS}.
     */
    private static final long MAX_CALL_MILLIS = 100;

    private static final long STARVED_CALL_MILLIS = 1_000;
    private static final long MAX_RSS_BYTES = 300L * 1024 * 1024;

    @TempDir
    Path dir;

    private Process gateway;
    private InetSocketAddress admin;

    @BeforeEach
    void startGateway() throws Exception {
        Path log = dir.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        AdminGatewayProcess.class.getName())
                .redirectError(log.toFile());
        builder.environment().put(AdminGatewayProcess.TOKEN_ENV, TOKEN);
        gateway = builder.start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8));
        int port = CompletableFuture.supplyAsync(() -> readyPort(out)).get(60, TimeUnit.SECONDS);
        Thread drain = new Thread(() -> drain(out), "gateway-stdout");
        drain.setDaemon(true);
        drain.start();
        admin = new InetSocketAddress("127.0.0.1", port);
    }

    @AfterEach
    void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.getOutputStream().close();
            if (!gateway.waitFor(10, TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void validAdminCallsAnswerWithin100MsAndMemoryStaysBoundedWhile600ConnectionsPushBodiesWithoutAToken()
            throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(validCallMillis()).isLessThan(5_000); // warm-up
        }
        long rssBefore = status("VmRSS");

        List<Long> millis = new CopyOnWriteArrayList<>();
        List<Long> slowAt = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        String during;
        try (BodyPushers attack = new BodyPushers(admin, ATTACKERS, BODY, Duration.ofSeconds(120)).start()) {
            // Under way: every connection pushes its body and has had the server's answer.
            long started = System.nanoTime();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> attack.connectionsPushingBodies() >= ATTACKERS
                            && attack.connectionsAnswered() >= ATTACKERS);
            long underWayMillis = (System.nanoTime() - started) / 1_000_000;
            long pushedBefore = attack.bytesPushed();
            long openedBefore = attack.connectionsOpened();
            long cpuBefore = cpuTicks();
            long wallBefore = System.nanoTime();
            ScheduledExecutorService caller = Executors.newSingleThreadScheduledExecutor();
            try {
                // Paced, not back to back: the calls sample the attack, they are no load of their own.
                CountDownLatch done = new CountDownLatch(CALLS);
                caller.scheduleAtFixedRate(
                        () -> {
                            if (done.getCount() == 0) {
                                return;
                            }
                            long at = (System.nanoTime() - started) / 1_000_000;
                            try {
                                long ms = validCallMillis();
                                millis.add(ms);
                                if (ms >= MAX_CALL_MILLIS) {
                                    slowAt.add(at);
                                }
                            } catch (RuntimeException | AssertionError e) {
                                failures.add(e);
                            }
                            done.countDown();
                        },
                        0,
                        CALL_INTERVAL.toNanos(),
                        TimeUnit.NANOSECONDS);
                assertThat(done.await(CALLS * 6L, TimeUnit.SECONDS)).isTrue();
                assertThat(failures).as("failed valid calls").isEmpty();
            } finally {
                caller.shutdownNow();
            }
            long wall = System.nanoTime() - wallBefore;
            during = String.format(
                    "attack under way after %d ms (%d connections opened); then for %d ms: %d MiB pushed,"
                            + " %d connections opened, gateway CPU %d%% of one core",
                    underWayMillis,
                    openedBefore,
                    wall / 1_000_000,
                    (attack.bytesPushed() - pushedBefore) >> 20,
                    attack.connectionsOpened() - openedBefore,
                    (cpuTicks() - cpuBefore) * 1_000_000_000L / Math.max(1, wall));
        }
        long peakRss = status("VmHWM");

        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
        long max = sorted.get(sorted.size() - 1);
        long slow = millis.stream().filter(ms -> ms >= MAX_CALL_MILLIS).count();
        System.out.printf(
                "admin under attack: %s; %d valid calls, ms: median %d, p99 %d, max %d, %d at or over %d"
                        + " (at ms %s of the attack); gateway RSS before %d MiB, peak %d MiB%n",
                during,
                millis.size(),
                sorted.get(sorted.size() / 2),
                p99,
                max,
                slow,
                MAX_CALL_MILLIS,
                slowAt,
                rssBefore >> 20,
                peakRss >> 20);
        assertThat(p99)
                .as(
                        "99th percentile of %d valid admin calls, ms (median %d, max %d)",
                        millis.size(), sorted.get(sorted.size() / 2), max)
                .isLessThan(MAX_CALL_MILLIS);
        assertThat(max)
                .as(
                        "slowest of %d valid admin calls, ms (median %d, p99 %d)",
                        millis.size(), sorted.get(sorted.size() / 2), p99)
                .isLessThan(STARVED_CALL_MILLIS);
        assertThat(peakRss).as("the gateway's peak RSS, bytes").isLessThan(MAX_RSS_BYTES);
    }

    /** One {@code GET /admin/version} with the token on a new connection, timed from connect to the last byte. */
    private long validCallMillis() {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(5_000);
            socket.connect(admin, 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /admin/version HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 200 ").contains("\"version\"");
        } catch (java.net.SocketTimeoutException e) {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** The gateway process's CPU time so far, user and system, in clock ticks (10 ms). */
    private long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(gateway.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** A {@code kB} line of the gateway process's {@code /proc/<pid>/status}, in bytes. */
    private long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(gateway.pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1)
                                .replace("kB", "")
                                .strip())
                        * 1024;
            }
        }
        throw new IllegalStateException(field + " not in /proc/" + gateway.pid() + "/status");
    }

    private static int readyPort(BufferedReader out) {
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(AdminGatewayProcess.READY_PREFIX)) {
                    return Integer.parseInt(line.substring(AdminGatewayProcess.READY_PREFIX.length()));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalStateException("the gateway process ended before it listened");
    }

    private static void drain(BufferedReader out) {
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                // the gateway's log lines; only its readiness matters here
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }
}
