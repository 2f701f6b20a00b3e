package dev.nonstop.gateway;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the proxy listens, what it accepts and how long it waits. Build with {@link #builder()};
 * derive a changed copy with {@link #toBuilder()}. Every setter validates and names the setting
 * in its message, e.g. {@code connectTimeout: PT-1S (expected: > 0)}.
 *
 * @param eventLoops number of event-loop threads; 0 means one per core
 * @param maxUriLength longest request line accepted; longer gets 414
 * @param maxHeaderSize largest header block accepted; larger gets 431
 * @param maxBodySize largest request body accepted, 0 for no limit; larger gets 413
 * @param headerReadTimeout time allowed from a request's first byte to its last header line; a
 *     slower client (slowloris) gets 408 and is closed
 * @param idleTimeout time a client connection may sit with no request in progress, and the longest
 *     pause while a request body is being received
 * @param connectTimeout time to open a connection to a member; then the next member is tried
 * @param responseTimeout time from the request being sent to the response head arriving; then 504
 * @param upstreamIdleTimeout idle pooled upstream connections are closed after this; keep it below
 *     the backends' own keep-alive timeout (Tomcat: 20 s)
 * @param maxIdlePerMember idle upstream connections kept per member and event loop
 * @param shutdownTimeout how long a graceful stop waits for in-flight exchanges
 * @param reusePort bind with SO_REUSEPORT (epoll only) so a second gateway can take over the port
 * @param accessLog log one line per exchange to the {@code dev.nonstop.gateway.access} logger
 * @param dataDir where state that must survive a restart is kept (the highest fencing token per release, see
 *     {@link Gateway#fencing()}); {@code null} keeps it in memory only, so a restarted gateway forgets it
 * @param warmUp the longest the gateway spends running its proxy code on loopback traffic of its own before it opens
 *     its port (so real users do not meet a cold JVM); {@link Duration#ZERO} for none
 */
public record GatewaySettings(
        InetSocketAddress listen,
        int eventLoops,
        int maxUriLength,
        int maxHeaderSize,
        long maxBodySize,
        Duration headerReadTimeout,
        Duration idleTimeout,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration upstreamIdleTimeout,
        int maxIdlePerMember,
        Duration shutdownTimeout,
        boolean reusePort,
        boolean accessLog,
        Path dataDir,
        Duration warmUp) {

    public GatewaySettings {
        Objects.requireNonNull(listen, "listen");
        warmUp = warmUp == null ? Duration.ZERO : warmUp;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link GatewaySettings}; defaults are safe for production. */
    public static final class Builder {
        private InetSocketAddress listen = new InetSocketAddress("0.0.0.0", 8080);
        private int eventLoops = 0;
        private int maxUriLength = 8192;
        private int maxHeaderSize = 16384;
        private long maxBodySize = 0;
        private Duration headerReadTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration responseTimeout = Duration.ofSeconds(60);
        private Duration upstreamIdleTimeout = Duration.ofSeconds(15);
        private int maxIdlePerMember = 64;
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private boolean reusePort = true;
        private boolean accessLog = false;
        private Path dataDir = null;
        private Duration warmUp = Duration.ZERO;

        private Builder() {}

        private Builder(GatewaySettings s) {
            listen = s.listen;
            eventLoops = s.eventLoops;
            maxUriLength = s.maxUriLength;
            maxHeaderSize = s.maxHeaderSize;
            maxBodySize = s.maxBodySize;
            headerReadTimeout = s.headerReadTimeout;
            idleTimeout = s.idleTimeout;
            connectTimeout = s.connectTimeout;
            responseTimeout = s.responseTimeout;
            upstreamIdleTimeout = s.upstreamIdleTimeout;
            maxIdlePerMember = s.maxIdlePerMember;
            shutdownTimeout = s.shutdownTimeout;
            reusePort = s.reusePort;
            accessLog = s.accessLog;
            dataDir = s.dataDir;
            warmUp = s.warmUp;
        }

        public Builder listen(InetSocketAddress value) {
            listen = Objects.requireNonNull(value, "listen");
            return this;
        }

        public Builder listen(String host, int port) {
            requireRange("listen.port", port, 0, 65535);
            return listen(new InetSocketAddress(host, port));
        }

        public Builder eventLoops(int value) {
            eventLoops = requireRange("eventLoops", value, 0, 1024);
            return this;
        }

        public Builder maxUriLength(int value) {
            maxUriLength = requireRange("maxUriLength", value, 64, 1 << 20);
            return this;
        }

        public Builder maxHeaderSize(int value) {
            maxHeaderSize = requireRange("maxHeaderSize", value, 256, 1 << 20);
            return this;
        }

        public Builder maxBodySize(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxBodySize: " + value + " (expected: >= 0, 0 for no limit)");
            }
            maxBodySize = value;
            return this;
        }

        public Builder headerReadTimeout(Duration value) {
            headerReadTimeout = requirePositive("headerReadTimeout", value);
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = requirePositive("idleTimeout", value);
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = requirePositive("connectTimeout", value);
            return this;
        }

        public Builder responseTimeout(Duration value) {
            responseTimeout = requirePositive("responseTimeout", value);
            return this;
        }

        public Builder upstreamIdleTimeout(Duration value) {
            upstreamIdleTimeout = requirePositive("upstreamIdleTimeout", value);
            return this;
        }

        public Builder maxIdlePerMember(int value) {
            maxIdlePerMember = requireRange("maxIdlePerMember", value, 0, 100_000);
            return this;
        }

        public Builder shutdownTimeout(Duration value) {
            shutdownTimeout = requirePositive("shutdownTimeout", value);
            return this;
        }

        public Builder reusePort(boolean value) {
            reusePort = value;
            return this;
        }

        public Builder accessLog(boolean value) {
            accessLog = value;
            return this;
        }

        /**
         * Where state that must survive a restart is kept; {@code null} (the default of the builder) keeps it in
         * memory. A gateway started from a config file defaults to {@code .nonstop} in the working directory.
         */
        public Builder dataDir(Path value) {
            if (value != null && value.toString().isEmpty()) {
                throw new IllegalArgumentException("dataDir: \"\" (expected: a directory, or null for none)");
            }
            dataDir = value;
            return this;
        }

        /**
         * How long the gateway may spend warming its proxy code up before it opens its port ({@link Duration#ZERO},
         * the default of the builder, for none). A gateway started from a config file defaults to
         * {@value dev.nonstop.gateway.config.GatewayConfigLoader#DEFAULT_WARM_UP_TEXT}.
         */
        public Builder warmUp(Duration value) {
            if (value == null || value.isNegative() || value.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("warmUp: " + value + " (expected: 0s, for none, up to 1m)");
            }
            warmUp = value;
            return this;
        }

        public GatewaySettings build() {
            return new GatewaySettings(
                    listen,
                    eventLoops,
                    maxUriLength,
                    maxHeaderSize,
                    maxBodySize,
                    headerReadTimeout,
                    idleTimeout,
                    connectTimeout,
                    responseTimeout,
                    upstreamIdleTimeout,
                    maxIdlePerMember,
                    shutdownTimeout,
                    reusePort,
                    accessLog,
                    dataDir,
                    warmUp);
        }

        private static int requireRange(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + "-" + max + ")");
            }
            return value;
        }

        private static Duration requirePositive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
            }
            return value;
        }
    }
}
