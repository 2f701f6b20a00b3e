package dev.nonstop.common.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints the scalar notations of config files and admin requests: durations ({@code
 * 500ms}, {@code 2s}, {@code 1m}, {@code 1h}, {@code 1d}, or ISO-8601 {@code PT2S}, {@code P1DT2H},
 * case-insensitive) and sizes in bytes ({@code 512}, {@code 10KB}, {@code 10MB}, {@code 1GB}; binary multiples, so {@code 1KB} is
 * 1024 bytes).
 */
public final class ConfigValues {
    /** What a duration looks like, for {@code (expected: ...)} messages. */
    public static final String DURATION_FORMAT = "a duration like 500ms, 2s, 1m or PT2S";
    /** What a size looks like, for {@code (expected: ...)} messages. */
    public static final String SIZE_FORMAT = "a size like 512, 10KB or 10MB";

    private static final Pattern SHORT_DURATION = Pattern.compile("(-?\\d{1,18})(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,18})\\s*(b|kb|mb|gb)?");

    private ConfigValues() {}

    /**
     * The duration {@code text} denotes, or empty when it is not a duration (see class docs). This is the one
     * duration grammar of Nonstop: config files, the admin and controller APIs and the CLI all read durations here,
     * days included; the caller decides whether a negative one makes sense.
     */
    public static Optional<Duration> parseDuration(String text) {
        String s = text.strip();
        Matcher m = SHORT_DURATION.matcher(s);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            try {
                return Optional.of(
                        switch (m.group(2)) {
                            case "ms" -> Duration.ofMillis(amount);
                            case "s" -> Duration.ofSeconds(amount);
                            case "m" -> Duration.ofMinutes(amount);
                            case "h" -> Duration.ofHours(amount);
                            default -> Duration.ofDays(amount);
                        });
            } catch (ArithmeticException e) {
                return Optional.empty();
            }
        }
        if (s.regionMatches(true, 0, "P", 0, 1) || s.regionMatches(true, 0, "-P", 0, 2)) {
            try {
                return Optional.of(Duration.parse(s));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The number of bytes {@code text} denotes, or empty when it is not a size (see class docs). */
    public static OptionalLong parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        long amount = Long.parseLong(m.group(1));
        int shift =
                switch (m.group(2) == null ? "b" : m.group(2)) {
                    case "kb" -> 10;
                    case "mb" -> 20;
                    case "gb" -> 30;
                    default -> 0;
                };
        if (amount > (Long.MAX_VALUE >> shift)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(amount << shift);
    }

    /**
     * The shortest notation {@link #parseDuration} reads back to {@code d}: {@code 2s}, {@code
     * 500ms}, {@code 1m}, {@code 1h}; ISO-8601 when there is a sub-millisecond part.
     */
    public static String formatDuration(Duration d) {
        if (d.toNanosPart() % 1_000_000 != 0) {
            return d.toString();
        }
        long millis;
        try {
            millis = d.toMillis();
        } catch (ArithmeticException e) {
            return d.toString();
        }
        if (millis != 0 && millis % 86_400_000 == 0) {
            return millis / 86_400_000 + "d";
        }
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    /** The shortest exact notation of a byte count: {@code 10MB}, {@code 16KB}, {@code 1000}. */
    public static String formatSize(long bytes) {
        if (bytes != 0 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "GB";
        }
        if (bytes != 0 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MB";
        }
        if (bytes != 0 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "KB";
        }
        return Long.toString(bytes);
    }
}
