package dev.nonstop.testing.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link TestUpstream} listens and behaves. Build with {@link #builder()}; derive a changed
 * copy with {@link #toBuilder()}.
 *
 * @param host address to bind, a loopback address by default
 * @param port port to bind, 0 for an ephemeral one
 * @param id name of this upstream, in every response body and in the {@code X-Upstream-Id} header
 * @param threads event-loop threads
 * @param printRequestIds print {@code RECV <id>} on stdout for every request carrying {@code
 *     X-Request-Id}, before answering it
 * @param bindTimeout how long to keep retrying a bind that fails because the port is still in use
 *     (zero: one attempt); lets a restarted upstream take its predecessor's port
 * @param idleTimeout close a connection that has had no request for this long (zero: never)
 * @param shutdownTimeout how long a graceful stop waits for in-flight requests
 */
public record TestUpstreamOptions(
        String host,
        int port,
        String id,
        int threads,
        boolean printRequestIds,
        Duration bindTimeout,
        Duration idleTimeout,
        Duration shutdownTimeout) {

    public TestUpstreamOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bindTimeout, "bindTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    }

    /** Defaults: {@code 127.0.0.1}, port 0, id {@code upstream}, one thread, request ids printed. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link TestUpstreamOptions}; every setter validates its argument. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private String id = "upstream";
        private int threads = 1;
        private boolean printRequestIds = true;
        private Duration bindTimeout = Duration.ZERO;
        private Duration idleTimeout = Duration.ZERO;
        private Duration shutdownTimeout = Duration.ofSeconds(10);

        private Builder() {}

        private Builder(TestUpstreamOptions o) {
            host = o.host;
            port = o.port;
            id = o.id;
            threads = o.threads;
            printRequestIds = o.printRequestIds;
            bindTimeout = o.bindTimeout;
            idleTimeout = o.idleTimeout;
            shutdownTimeout = o.shutdownTimeout;
        }

        public Builder host(String value) {
            Objects.requireNonNull(value, "host");
            if (value.isBlank()) {
                throw new IllegalArgumentException("host: '' (expected: a host name or address)");
            }
            host = value;
            return this;
        }

        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port: " + value + " (expected: 0..65535)");
            }
            port = value;
            return this;
        }

        public Builder id(String value) {
            Objects.requireNonNull(value, "id");
            if (value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("id: '" + value + "' (expected: visible ASCII, no spaces)");
            }
            id = value;
            return this;
        }

        public Builder threads(int value) {
            if (value < 1 || value > 256) {
                throw new IllegalArgumentException("threads: " + value + " (expected: 1..256)");
            }
            threads = value;
            return this;
        }

        public Builder printRequestIds(boolean value) {
            printRequestIds = value;
            return this;
        }

        public Builder bindTimeout(Duration value) {
            bindTimeout = requireNotNegative("bindTimeout", value);
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = requireNotNegative("idleTimeout", value);
            return this;
        }

        public Builder shutdownTimeout(Duration value) {
            shutdownTimeout = requireNotNegative("shutdownTimeout", value);
            return this;
        }

        public TestUpstreamOptions build() {
            return new TestUpstreamOptions(
                    host, port, id, threads, printRequestIds, bindTimeout, idleTimeout, shutdownTimeout);
        }

        private static Duration requireNotNegative(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
            }
            return value;
        }
    }
}
