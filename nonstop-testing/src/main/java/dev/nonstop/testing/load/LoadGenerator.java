package dev.nonstop.testing.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP/1.1 load generator that counts honestly. {@link #connections()} workers, each a virtual
 * thread with its own keep-alive connection on a blocking socket, send requests one after the other
 * until {@link #maxRequests()} requests were started in total, {@link #maxDuration()} has passed, or
 * the run is stopped. Each request carries {@code X-Request-Id: <prefix>-<n>} (n from 1) and is
 * chosen from the weighted mix by n, so the mix is exact and repeatable.
 *
 * <p>Nothing is retried: see {@link ConnectionWorker} for when a connection is reopened. Every
 * request ends as a success (a complete 2xx or 3xx response) or as a failure with a {@link
 * FailureReason}; see {@link Report}.
 *
 * <pre>{@code
 * LoadGenerator load = LoadGenerator.builder()
 *         .target("127.0.0.1", gatewayPort)
 *         .connections(8)
 *         .request(8, RequestSpec.get("/x"))
 *         .request(1, RequestSpec.slowGet("/x", Duration.ofMillis(200)))
 *         .request(1, RequestSpec.post("/upload", 4096))
 *         .maxRequests(10_000)
 *         .build();
 * try (LoadRun run = load.start()) {
 *     Report report = run.awaitCompletion(Duration.ofMinutes(1));
 *     assertThat(report.failed()).as(report.toString()).isZero();
 * }
 * }</pre>
 */
public final class LoadGenerator {
    private final InetSocketAddress target;
    private final int connections;
    private final boolean keepAlive;
    private final String hostHeader;
    private final boolean cookies;
    private final String requestIdPrefix;
    private final long maxRequests;
    private final double rate;
    private final Duration maxDuration;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Map<String, String> headers;
    private final OutcomeListener outcomeListener;
    private final List<Weighted> mix;
    private final RequestSpec[] schedule;
    private final Map<RequestSpec, RequestBytes> bytes = new LinkedHashMap<>();

    private LoadGenerator(Builder b) {
        target = b.target;
        connections = b.connections;
        keepAlive = b.keepAlive;
        hostHeader = b.hostHeader != null ? b.hostHeader : target.getHostString() + ":" + target.getPort();
        cookies = b.cookies;
        requestIdPrefix = b.requestIdPrefix;
        maxRequests = b.maxRequests;
        rate = b.rate;
        maxDuration = b.maxDuration;
        connectTimeout = b.connectTimeout;
        readTimeout = b.readTimeout;
        headers = Map.copyOf(b.headers);
        outcomeListener = b.outcomeListener;
        mix = b.mix.isEmpty() ? List.of(new Weighted(1, RequestSpec.get("/"))) : List.copyOf(b.mix);
        schedule = smoothSchedule(mix);
        for (Weighted w : mix) {
            bytes.putIfAbsent(w.request(), new RequestBytes(w.request(), hostHeader, keepAlive, headers));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the workers and returns at once. Each call is a new, independent run. */
    public LoadRun start() {
        return LoadRun.start(this);
    }

    /** Runs {@code --url URL [--connections N] [--duration 10s] [--requests N]}; see {@link LoadGeneratorCommand}. */
    public static void main(String[] args) {
        System.exit(LoadGeneratorCommand.run(args, System.out, System.err));
    }

    public InetSocketAddress target() {
        return target;
    }

    public int connections() {
        return connections;
    }

    public boolean keepAlive() {
        return keepAlive;
    }

    public String hostHeader() {
        return hostHeader;
    }

    public boolean cookies() {
        return cookies;
    }

    public String requestIdPrefix() {
        return requestIdPrefix;
    }

    /** Requests to start in total; {@link Long#MAX_VALUE} for no limit. */
    public long maxRequests() {
        return maxRequests;
    }

    /**
     * Requests per second to aim at across all connections, each connection sending at its share of the rate; 0 for
     * none: each connection sends its next request as soon as the previous one is answered.
     */
    public double rate() {
        return rate;
    }

    public Duration maxDuration() {
        return maxDuration;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /** Told every request's outcome as it ends; {@link OutcomeListener#NONE} by default. */
    public OutcomeListener outcomeListener() {
        return outcomeListener;
    }

    /** The request mix: request kinds and their weights. */
    public List<Weighted> mix() {
        return mix;
    }

    /** The kind of request number {@code n} (from 1). */
    RequestSpec requestFor(long n) {
        return schedule[(int) ((n - 1) % schedule.length)];
    }

    byte[] head(RequestSpec request, String requestId, String cookieHeader) {
        return bytes.get(request).head(requestId, cookieHeader);
    }

    byte[] body(RequestSpec request) {
        return bytes.get(request).body();
    }

    /**
     * Spreads the kinds over one cycle of {@code sum(weights)} requests in proportion to their weights
     * (smooth weighted round robin), so a small weight is not bunched at the end of the cycle.
     */
    private static RequestSpec[] smoothSchedule(List<Weighted> mix) {
        int total = mix.stream().mapToInt(Weighted::weight).sum();
        RequestSpec[] schedule = new RequestSpec[total];
        int[] current = new int[mix.size()];
        for (int slot = 0; slot < total; slot++) {
            int best = 0;
            for (int i = 0; i < mix.size(); i++) {
                current[i] += mix.get(i).weight();
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            schedule[slot] = mix.get(best).request();
        }
        return schedule;
    }

    /** A kind of request and its weight in the mix. */
    public record Weighted(int weight, RequestSpec request) {
        public Weighted {
            Objects.requireNonNull(request, "request");
        }
    }

    /** Builds a {@link LoadGenerator}; every setter validates. */
    public static final class Builder {
        private InetSocketAddress target;
        private int connections = 1;
        private boolean keepAlive = true;
        private String hostHeader;
        private boolean cookies;
        private String requestIdPrefix = "req";
        private long maxRequests = Long.MAX_VALUE;
        private double rate;
        private Duration maxDuration = Duration.ofMinutes(1);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration readTimeout = Duration.ofSeconds(10);
        private final Map<String, String> headers = new LinkedHashMap<>();
        private OutcomeListener outcomeListener = OutcomeListener.NONE;
        private final List<Weighted> mix = new ArrayList<>();

        private Builder() {}

        public Builder target(InetSocketAddress value) {
            target = Objects.requireNonNull(value, "target");
            return this;
        }

        public Builder target(String host, int port) {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
            }
            return target(new InetSocketAddress(host, port));
        }

        /** Number of connections, each driven by its own worker. */
        public Builder connections(int value) {
            if (value < 1 || value > 10_000) {
                throw new IllegalArgumentException("connections: " + value + " (expected: 1..10000)");
            }
            connections = value;
            return this;
        }

        /** With false every request carries {@code Connection: close} and gets a new connection. */
        public Builder keepAlive(boolean value) {
            keepAlive = value;
            return this;
        }

        /** The {@code Host} header; {@code host:port} of the target by default. */
        public Builder hostHeader(String value) {
            hostHeader = requireToken("hostHeader", value);
            return this;
        }

        /** Keep a cookie jar per connection (one simulated user each) and send its cookies back. */
        public Builder cookies(boolean value) {
            cookies = value;
            return this;
        }

        public Builder requestIdPrefix(String value) {
            requestIdPrefix = requireToken("requestIdPrefix", value);
            return this;
        }

        /** Adds a header to every request. */
        public Builder header(String name, String value) {
            requireToken("header name", name);
            Objects.requireNonNull(value, "header value");
            if (!value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("header value: '" + value + "' (expected: printable ASCII)");
            }
            headers.put(name, value);
            return this;
        }

        /** Told every request's outcome as it ends (on the worker's thread: it must be quick). */
        public Builder outcomeListener(OutcomeListener value) {
            outcomeListener = Objects.requireNonNull(value, "outcomeListener");
            return this;
        }

        /** Adds a kind of request with a weight; without any, the mix is {@code GET /}. */
        public Builder request(int weight, RequestSpec request) {
            Objects.requireNonNull(request, "request");
            if (weight < 1 || weight > 1000) {
                throw new IllegalArgumentException("weight: " + weight + " (expected: 1..1000)");
            }
            mix.add(new Weighted(weight, request));
            return this;
        }

        /** Requests to start in total, across all connections. */
        public Builder maxRequests(long value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxRequests: " + value + " (expected: >= 1)");
            }
            maxRequests = value;
            return this;
        }

        /**
         * Paces the requests: about {@code requestsPerSecond} across all connections, each connection starting a
         * request every {@code connections / requestsPerSecond} seconds (at once when it is late, without bursts to
         * catch up). A pace below what the server can take keeps it out of saturation, as real traffic mostly is.
         * Unpaced by default.
         */
        public Builder rate(double requestsPerSecond) {
            if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
                throw new IllegalArgumentException("rate: " + requestsPerSecond + " (expected: > 0 requests/s)");
            }
            rate = requestsPerSecond;
            return this;
        }

        /** No request starts after this; those in flight finish. One minute by default. */
        public Builder maxDuration(Duration value) {
            maxDuration = requirePositive("maxDuration", value);
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = requirePositive("connectTimeout", value);
            return this;
        }

        /** The longest wait for any byte of a response. */
        public Builder readTimeout(Duration value) {
            readTimeout = requirePositive("readTimeout", value);
            return this;
        }

        public LoadGenerator build() {
            if (target == null) {
                throw new IllegalStateException("target: not set (expected: host and port)");
            }
            return new LoadGenerator(this);
        }

        private static Duration requirePositive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
            }
            return value;
        }

        private static String requireToken(String name, String value) {
            Objects.requireNonNull(value, name);
            if (value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
                throw new IllegalArgumentException(name + ": '" + value + "' (expected: visible ASCII, no ':')");
            }
            return value;
        }
    }
}
