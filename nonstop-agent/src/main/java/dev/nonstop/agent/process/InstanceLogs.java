package dev.nonstop.agent.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The log files of instances: {@code <dataDir>/logs/<instanceId>.log} for the current run and
 * {@code .log.1} for the previous one (one generation is kept).
 */
public final class InstanceLogs {
    private final Path dir;

    public InstanceLogs(Path dataDir) {
        this.dir = dataDir.toAbsolutePath().resolve("logs");
    }

    /** The current run's log file of {@code instanceId}. */
    public Path current(String instanceId) {
        return dir.resolve(instanceId + ".log");
    }

    /** The previous run's log file of {@code instanceId}. */
    public Path previous(String instanceId) {
        return dir.resolve(instanceId + ".log.1");
    }

    /** Moves the current log to {@code .log.1} and starts a new one with {@code header}. */
    Path rotate(String instanceId, String header) throws IOException {
        Files.createDirectories(dir);
        Path current = current(instanceId);
        if (Files.exists(current)) {
            Files.move(current, previous(instanceId), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(
                current,
                header + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        return current;
    }
}
