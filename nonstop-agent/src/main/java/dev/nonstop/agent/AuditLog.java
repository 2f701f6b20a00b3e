package dev.nonstop.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * {@code <dataDir>/audit.log}: one JSON line per mutation, refused ones included, with when, who,
 * what, the fence (release and token) and the result. Lines are appended whole under a lock.
 */
public final class AuditLog {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final Clock clock;

    public AuditLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** Appends one line; {@code result} is {@code ok ...} or {@code refused: <why>}. */
    public synchronized void record(Caller caller, String what, String result) {
        ObjectNode line = JSON.createObjectNode();
        line.put("when", clock.instant().toString());
        line.put("who", caller.who());
        line.put("what", what);
        caller.fence().ifPresent(f -> {
            line.put("release", f.releaseId());
            line.put("fencingToken", f.token());
        });
        line.put("result", result);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    JSON.writeValueAsString(line) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log " + file, e);
        }
    }
}
