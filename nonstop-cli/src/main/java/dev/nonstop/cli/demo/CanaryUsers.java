package dev.nonstop.cli.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The users of the canary demo: each a virtual thread with its own cookie jar (so the gateway's pin cookie keeps it
 * on the version it was given), asking {@code GET /} and {@code GET /version} through the gateway with a short think
 * time. Every user records the {@code X-App-Version} header of every response, so that the demo can tell which
 * version each user got and whether a user ever changed version. All users come "from" a client address the gateway
 * reads from {@code X-Forwarded-For} (one trusted hop, everything runs on loopback): office users from 10.1.x.y,
 * the others from 203.0.113.x. The loops end at {@link #close()}.
 */
final class CanaryUsers implements AutoCloseable {
    static final String VERSION_HEADER = "X-App-Version";
    private static final Duration THINK_TIME = Duration.ofMillis(300);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<User> users = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    CanaryUsers(URI base) {
        this.base = base;
    }

    /** One user's record: what it was sent, in order, and what failed. */
    static final class User {
        final String name;
        final String cohort;
        final boolean office;
        final String clientAddress;
        private final Map<String, String> cookies = new LinkedHashMap<>();
        /** The versions of its responses, each change of version once (v1, v2: one change). */
        private final List<String> versions = new ArrayList<>();
        /** For each entry of {@link #versions} after the first, whether the change came after {@code settledMark}. */
        private final List<Boolean> changeAfterMark = new ArrayList<>();

        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong ownErrors = new AtomicLong();
        private final List<String> failures = new CopyOnWriteArrayList<>();

        User(String name, String cohort, boolean office, String clientAddress) {
            this.name = name;
            this.cohort = cohort;
            this.office = office;
            this.clientAddress = clientAddress;
        }

        synchronized void served(String version, boolean afterMark) {
            if (versions.isEmpty() || !versions.get(versions.size() - 1).equals(version)) {
                if (!versions.isEmpty()) {
                    changeAfterMark.add(afterMark);
                }
                versions.add(version);
            }
        }

        /** The version of its first response, or null when none was answered. */
        synchronized String first() {
            return versions.isEmpty() ? null : versions.get(0);
        }

        synchronized String last() {
            return versions.isEmpty() ? null : versions.get(versions.size() - 1);
        }

        synchronized List<String> versions() {
            return List.copyOf(versions);
        }

        /** Changes of version before the mark (while the rollout ran). */
        synchronized long changesBeforeMark() {
            return changeAfterMark.stream().filter(after -> !after).count();
        }

        /** Changes of version after the mark (blue retired or green rolled back). */
        synchronized long changesAfterMark() {
            return changeAfterMark.stream().filter(after -> after).count();
        }

        long requests() {
            return requests.get();
        }

        long ownErrors() {
            return ownErrors.get();
        }

        List<String> failures() {
            return List.copyOf(failures);
        }
    }

    /**
     * Where the rollout ends for the count of switches: set when the controller promotes green (blue retires) or
     * sends traffic back to blue; a change of version after it is a move, not a switch.
     */
    private final AtomicBoolean mark = new AtomicBoolean();

    /** The version whose {@code GET /version} 500s count as its own errors (the faulty green), or null. */
    private volatile String faultyVersion;

    void faultyVersion(String version) {
        this.faultyVersion = version;
    }

    void mark() {
        mark.set(true);
    }

    /** Starts {@code count} users of {@code cohort}, from the office network or not. */
    void start(String cohort, int count, boolean office) {
        for (int i = 0; i < count; i++) {
            int n = next.incrementAndGet();
            String address = office
                    ? String.format(Locale.ROOT, "10.1.%d.%d", n / 250, n % 250 + 1)
                    : String.format(Locale.ROOT, "203.0.113.%d", n % 250 + 1);
            User user = new User("user" + n, cohort, office, address);
            users.add(user);
            threads.add(Thread.ofVirtual().name("canary-" + user.name).start(() -> loop(user)));
        }
    }

    private void loop(User user) {
        int i = 0;
        while (running.get()) {
            String path = i++ % 2 == 0 ? "/" : "/version";
            ask(user, path);
            try {
                Thread.sleep(THINK_TIME); // a user's think time, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void ask(User user, String path) {
        boolean afterMark = mark.get();
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("X-Forwarded-For", user.clientAddress)
                .GET();
        synchronized (user) {
            if (!user.cookies.isEmpty()) {
                StringBuilder cookie = new StringBuilder();
                user.cookies.forEach((k, v) -> cookie.append(cookie.isEmpty() ? "" : "; ")
                        .append(k)
                        .append('=')
                        .append(v));
                request.header("Cookie", cookie.toString());
            }
        }
        user.requests.incrementAndGet();
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            keepCookies(user, response);
            String version = response.headers().firstValue(VERSION_HEADER).orElse(null);
            if (version != null) {
                user.served(version, afterMark);
            }
            if (response.statusCode() != 200) {
                if (response.statusCode() == 500
                        && path.equals("/version")
                        && version != null
                        && version.equals(faultyVersion)) {
                    user.ownErrors.incrementAndGet();
                } else {
                    user.failures.add(path + " " + response.statusCode() + " (" + version + ")");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (running.get()) {
                user.failures.add(path + " " + e);
            }
        }
    }

    private static void keepCookies(User user, HttpResponse<?> response) {
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            boolean expired = setCookie.toLowerCase(Locale.ROOT).contains("max-age=0");
            synchronized (user) {
                if (expired || value.isEmpty()) {
                    user.cookies.remove(name);
                } else {
                    user.cookies.put(name, value);
                }
            }
        }
    }

    List<User> users() {
        return List.copyOf(users);
    }

    List<User> cohort(String cohort) {
        return users.stream().filter(u -> u.cohort.equals(cohort)).toList();
    }

    long requests() {
        return users.stream().mapToLong(User::requests).sum();
    }

    /** Stops every user and waits for its last request. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(15));
        }
        http.shutdownNow();
    }
}
