package dev.nonstop.cli.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Users who log in once through the gateway ({@link UserLogin}) and then keep asking their check path
 * ({@code GET /me}, {@code GET /api/me}) with their session cookies. A user answered 401 after logging in was
 * logged out: the number the demo must show as zero. Each user is a virtual thread; the loop is bounded by
 * {@link #stop()}.
 */
final class LoggedInUsers implements AutoCloseable {
    private final URI base;
    private final int count;
    private final UserLogin login;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Set<String> loggedOut = ConcurrentHashMap.newKeySet();
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Map<String, LongAdder> servedBy = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();

    LoggedInUsers(URI base, int count, UserLogin login) {
        this.base = base;
        this.count = count;
        this.login = login;
    }

    /** Logs every user in, then starts their checks. */
    void start() throws Exception {
        for (int i = 1; i <= count; i++) {
            String user = "user" + i;
            UserLogin.Session session = login.login(http, base, user);
            threads.add(Thread.ofVirtual().name("user-" + user).start(() -> check(user, session)));
        }
    }

    private void check(String user, UserLogin.Session session) {
        while (running.get()) {
            try {
                HttpResponse<Void> me = http.send(
                        session.with(HttpRequest.newBuilder(base.resolve(login.checkPath())))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                session.keep(me);
                me.headers().firstValue("X-App-Version").ifPresent(v -> servedBy.computeIfAbsent(
                                v, k -> new LongAdder())
                        .increment());
                checks.incrementAndGet();
                if (me.statusCode() == 401) {
                    loggedOut.add(user);
                } else if (me.statusCode() != 200) {
                    errors.incrementAndGet();
                }
                Thread.sleep(20); // a user's think time, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                errors.incrementAndGet();
            }
        }
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(15));
        }
    }

    int loggedOut() {
        return loggedOut.size();
    }

    long checks() {
        return checks.get();
    }

    long errors() {
        return errors.get();
    }

    /** How many checks each version answered (by the {@code X-App-Version} header of apps that send it). */
    Map<String, Long> servedBy() {
        Map<String, Long> counts = new TreeMap<>();
        servedBy.forEach((version, n) -> counts.put(version, n.sum()));
        return counts;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        http.shutdownNow();
    }
}
