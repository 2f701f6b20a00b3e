package dev.nonstop.common.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * One record of refused attempts made by {@link RefusalAggregator}: either the first refusal of a caller in a minute
 * ({@code attempts} 1, {@code summary} false), or the count of the refusals that followed it in that minute ({@code
 * summary} true), with the last of them as an example.
 *
 * @param caller who was refused (e.g. an IP address), or {@link RefusalAggregator#OTHER_CALLERS}
 * @param minute the start of the minute the attempts fell in (UTC)
 * @param attempts how many attempts this record stands for, at least 1
 * @param what the attempt (e.g. {@code POST /api/apps}); the last one for a summary
 * @param reason why it was refused; the last one's for a summary
 * @param summary whether this is the count that follows a first refusal
 */
public record RefusedAttempts(
        String caller, Instant minute, long attempts, String what, String reason, boolean summary) {
    private static final DateTimeFormatter HH_MM =
            DateTimeFormatter.ofPattern("HH:mm'Z'").withZone(ZoneOffset.UTC);

    public RefusedAttempts {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(minute, "minute");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(reason, "reason");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts: " + attempts + " (expected: >= 1)");
        }
    }

    /**
     * For a person: the reason of a first refusal; for a summary {@code refused 41 more times in the minute from
     * 15:04Z (last: POST /api/apps: invalid token)}.
     */
    public String describe() {
        if (!summary) {
            return reason;
        }
        return "refused " + attempts + " more " + (attempts == 1 ? "time" : "times") + " in the minute from "
                + HH_MM.format(minute) + " (last: " + what + ": " + reason + ")";
    }
}
