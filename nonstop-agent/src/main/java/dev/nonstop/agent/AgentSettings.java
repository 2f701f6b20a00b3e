package dev.nonstop.agent;

import dev.nonstop.agent.contract.InvalidInputException;
import dev.nonstop.agent.process.ProcessDriver;
import dev.nonstop.common.problem.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How an agent runs.
 *
 * @param dataDir where artifacts, instance working directories, logs and the audit log live
 * @param javaCommand the {@code java} executable apps are run with
 * @param defaultStopTimeout how long a stop waits after SIGTERM when the caller does not say
 * @param execPrefix a command the app's command line runs through, which must exec it (same pid): {@code taskset -c
 *     2-3}, {@code nice -n 5}, {@code numactl --cpunodebind=1}; empty: none
 * @param maxArtifactBytes the largest jar the API accepts in an upload (413 above it); it is spooled to {@code
 *     <dataDir>/uploads}, never held in memory
 */
public record AgentSettings(
        Path dataDir, String javaCommand, Duration defaultStopTimeout, List<String> execPrefix, long maxArtifactBytes) {
    /** The default of {@link #maxArtifactBytes}: 2 GiB, ten times a large Spring Boot fat jar. */
    public static final long DEFAULT_MAX_ARTIFACT_BYTES = 2L * 1024 * 1024 * 1024;

    public AgentSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(javaCommand, "javaCommand");
        Objects.requireNonNull(defaultStopTimeout, "defaultStopTimeout");
        execPrefix = List.copyOf(execPrefix);
        if (maxArtifactBytes <= 0) {
            throw new InvalidInputException(Problem.of("maxArtifactBytes", maxArtifactBytes, "> 0"));
        }
    }

    public AgentSettings(Path dataDir, String javaCommand, Duration defaultStopTimeout) {
        this(dataDir, javaCommand, defaultStopTimeout, List.of(), DEFAULT_MAX_ARTIFACT_BYTES);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .dataDir(dataDir)
                .javaCommand(javaCommand)
                .defaultStopTimeout(defaultStopTimeout)
                .execPrefix(execPrefix)
                .maxArtifactBytes(maxArtifactBytes);
    }

    /** Validates each setting as it is set: {@code defaultStopTimeout: PT-1S (expected: > 0)}. */
    public static final class Builder {
        private Path dataDir = Path.of(".nonstop", "agent");
        private String javaCommand = ProcessDriver.currentJava();
        private Duration defaultStopTimeout = Duration.ofSeconds(30);
        private List<String> execPrefix = List.of();
        private long maxArtifactBytes = DEFAULT_MAX_ARTIFACT_BYTES;

        private Builder() {}

        /** Defaults to {@code .nonstop/agent}. */
        public Builder dataDir(Path dataDir) {
            if (dataDir == null || dataDir.toString().isEmpty()) {
                throw new InvalidInputException(Problem.of("dataDir", dataDir, "a directory"));
            }
            this.dataDir = dataDir;
            return this;
        }

        /** Defaults to the {@code java} of the JVM running the agent. */
        public Builder javaCommand(String javaCommand) {
            if (javaCommand == null || javaCommand.isBlank()) {
                throw new InvalidInputException(Problem.of("javaCommand", javaCommand, "a java executable"));
            }
            this.javaCommand = javaCommand;
            return this;
        }

        /** Defaults to 30 seconds. */
        public Builder defaultStopTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new InvalidInputException(Problem.of("defaultStopTimeout", timeout, "> 0"));
            }
            this.defaultStopTimeout = timeout;
            return this;
        }

        /**
         * A command every app's command line runs through; it must exec the command (keep the pid), as {@code
         * taskset}, {@code nice}, {@code chrt} and {@code numactl} do. Default: none.
         */
        public Builder execPrefix(List<String> execPrefix) {
            if (execPrefix == null || execPrefix.stream().anyMatch(a -> a == null || a.isBlank())) {
                throw new InvalidInputException(
                        Problem.of("execPrefix", execPrefix, "a command and its arguments, none blank"));
            }
            this.execPrefix = List.copyOf(execPrefix);
            return this;
        }

        /** The largest jar an upload may carry. Defaults to {@value AgentSettings#DEFAULT_MAX_ARTIFACT_BYTES} bytes (2 GiB). */
        public Builder maxArtifactBytes(long max) {
            if (max <= 0) {
                throw new InvalidInputException(Problem.of("maxArtifactBytes", max, "> 0"));
            }
            this.maxArtifactBytes = max;
            return this;
        }

        public AgentSettings build() {
            return new AgentSettings(dataDir, javaCommand, defaultStopTimeout, execPrefix, maxArtifactBytes);
        }
    }
}
