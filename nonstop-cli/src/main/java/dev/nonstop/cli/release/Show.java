package dev.nonstop.cli.release;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How times and durations look on the console: {@code 12:00:01}, {@code 83 ms}, {@code 2.3 s}, {@code 1m 05s}. */
final class Show {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private Show() {}

    static String clock(Instant at, ZoneId zone) {
        return CLOCK.format(at.atZone(zone));
    }

    static String duration(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }

    /** Pads or cuts {@code s} to {@code width} characters. */
    static String cell(String s, int width) {
        if (s.length() > width) {
            return s.substring(0, Math.max(0, width - 1)) + "…";
        }
        return s + " ".repeat(width - s.length());
    }
}
