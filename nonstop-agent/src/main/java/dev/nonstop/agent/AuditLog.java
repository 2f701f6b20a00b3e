package dev.nonstop.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.audit.AuditText;
import dev.nonstop.common.audit.RefusedAttempts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * {@code <dataDir>/audit.log}: one JSON line per mutation, refused ones included, with when, who,
 * what, the fence (release and token) and the result. Lines are appended whole under a lock. Requests
 * refused for their token are counted per caller and minute ({@link #recordRefused}), so a flood of
 * them adds a bounded number of lines; long text is cut to fit ({@link AuditText}), never dropped.
 */
public final class AuditLog {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final int MAX_NAME = 1_000;
    private static final int MAX_RESULT = 10_000;

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
    public void record(Caller caller, String what, String result) {
        ObjectNode line = JSON.createObjectNode();
        line.put("when", clock.instant().toString());
        line.put("who", AuditText.fit(caller.who(), MAX_NAME));
        line.put("what", AuditText.fit(what, MAX_NAME));
        caller.fence().ifPresent(f -> {
            line.put("release", AuditText.fit(f.releaseId(), MAX_NAME));
            line.put("fencingToken", f.token());
        });
        line.put("result", AuditText.fit(result, MAX_RESULT));
        append(line);
    }

    /**
     * Appends one line for requests refused before they reached the agent: {@code who} is {@code
     * anonymous@<ip>}, {@code attempts} how many refusals the line stands for.
     */
    public void recordRefused(RefusedAttempts refused) {
        ObjectNode line = JSON.createObjectNode();
        line.put("when", clock.instant().toString());
        line.put("who", AuditText.fit("anonymous@" + refused.caller(), MAX_NAME));
        line.put("what", AuditText.fit(refused.what(), MAX_NAME));
        line.put("result", AuditText.fit("refused: " + refused.describe(), MAX_RESULT));
        line.put("attempts", refused.attempts());
        append(line);
    }

    private synchronized void append(ObjectNode line) {
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
