package dev.nonstop.testing.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How an {@link UpstreamProcess} is launched and how long it is waited for. Build with {@link
 * #builder()}; derive a changed copy with {@link #toBuilder()}.
 *
 * @param upstream the options passed to the {@link TestUpstream} in the process ({@link
 *     TestUpstreamOptions#printRequestIds()} is always on: the request ids are read from its output)
 * @param maxHeap the {@code -Xmx} value, e.g. {@code 64m}
 * @param jvmArgs more JVM arguments, before the class name
 * @param startTimeout how long to wait for {@code LISTENING}
 * @param stopTimeout how long {@link UpstreamProcess#terminate()} waits for the exit after SIGTERM
 * @param rebindTimeout how long a restarted process keeps retrying to bind its predecessor's port
 */
public record UpstreamProcessOptions(
        TestUpstreamOptions upstream,
        String maxHeap,
        List<String> jvmArgs,
        Duration startTimeout,
        Duration stopTimeout,
        Duration rebindTimeout) {

    public UpstreamProcessOptions {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(maxHeap, "maxHeap");
        jvmArgs = List.copyOf(jvmArgs);
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(rebindTimeout, "rebindTimeout");
    }

    /** Defaults: the default {@link TestUpstreamOptions}, {@code -Xmx64m}, 20 s to start, 10 s to stop. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link UpstreamProcessOptions}; every setter validates its argument. */
    public static final class Builder {
        private TestUpstreamOptions upstream = TestUpstreamOptions.builder().build();
        private String maxHeap = "64m";
        private final List<String> jvmArgs = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        private Duration startTimeout = Duration.ofSeconds(20);
        private Duration stopTimeout = Duration.ofSeconds(10);
        private Duration rebindTimeout = Duration.ofSeconds(10);

        private Builder() {}

        private Builder(UpstreamProcessOptions o) {
            upstream = o.upstream;
            maxHeap = o.maxHeap;
            jvmArgs.clear();
            jvmArgs.addAll(o.jvmArgs);
            startTimeout = o.startTimeout;
            stopTimeout = o.stopTimeout;
            rebindTimeout = o.rebindTimeout;
        }

        public Builder upstream(TestUpstreamOptions value) {
            upstream = Objects.requireNonNull(value, "upstream");
            return this;
        }

        /** Shortcut for the upstream id. */
        public Builder id(String value) {
            upstream = upstream.toBuilder().id(value).build();
            return this;
        }

        /** Shortcut for the upstream port (0: ephemeral, kept across restarts). */
        public Builder port(int value) {
            upstream = upstream.toBuilder().port(value).build();
            return this;
        }

        public Builder maxHeap(String value) {
            Objects.requireNonNull(value, "maxHeap");
            if (!value.matches("[0-9]+[kKmMgG]?")) {
                throw new IllegalArgumentException("maxHeap: '" + value + "' (expected: e.g. 64m)");
            }
            maxHeap = value;
            return this;
        }

        /** Replaces the extra JVM arguments (by default {@code -XX:+UseSerialGC -XX:TieredStopAtLevel=1}). */
        public Builder jvmArgs(List<String> values) {
            jvmArgs.clear();
            values.forEach(v -> jvmArgs.add(Objects.requireNonNull(v, "jvmArgs element")));
            return this;
        }

        public Builder startTimeout(Duration value) {
            startTimeout = requirePositive("startTimeout", value);
            return this;
        }

        public Builder stopTimeout(Duration value) {
            stopTimeout = requirePositive("stopTimeout", value);
            return this;
        }

        public Builder rebindTimeout(Duration value) {
            rebindTimeout = requirePositive("rebindTimeout", value);
            return this;
        }

        public UpstreamProcessOptions build() {
            return new UpstreamProcessOptions(upstream, maxHeap, jvmArgs, startTimeout, stopTimeout, rebindTimeout);
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
