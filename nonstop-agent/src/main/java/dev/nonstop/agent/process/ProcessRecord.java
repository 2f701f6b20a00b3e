package dev.nonstop.agent.process;

import dev.nonstop.agent.contract.InstanceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What the agent writes next to a running instance ({@code instances/<id>/process.properties}):
 * its pid, the process's start instant and its spec, so that an agent started after its
 * predecessor died (SIGKILL, crash) adopts the instances still running instead of starting a
 * second copy on the same port. The start instant guards against a reused pid.
 */
record ProcessRecord(long pid, Instant processStart, String app, String version, int port) {
    static final String FILE = "process.properties";

    void write(Path instanceDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("processStart", processStart.toString());
        p.setProperty("app", app);
        p.setProperty("version", version);
        p.setProperty("port", Integer.toString(port));
        Path tmp = instanceDir.resolve(FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "nonstop-agent: a running instance; removed when it stops");
        }
        Files.move(tmp, instanceDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void delete(Path instanceDir) {
        try {
            Files.deleteIfExists(instanceDir.resolve(FILE));
        } catch (IOException e) {
            // A stale record is harmless: its pid or start instant will not match a live process.
        }
    }

    /** The record in {@code instanceDir}, if there is a readable one. */
    static Optional<ProcessRecord> read(Path instanceDir) {
        Path file = instanceDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            Properties p = new Properties();
            p.load(in);
            return Optional.of(new ProcessRecord(
                    Long.parseLong(p.getProperty("pid")),
                    Instant.parse(p.getProperty("processStart")),
                    p.getProperty("app"),
                    p.getProperty("version"),
                    Integer.parseInt(p.getProperty("port"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The live process this record names, unless the pid was reused since. */
    Optional<ProcessHandle> liveProcess() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().startInstant().map(processStart::equals).orElse(false));
    }

    InstanceSpec spec(String instanceId) {
        return new InstanceSpec(instanceId, app, version, port, Map.of(), List.of());
    }
}
