package dev.nonstop.bench.locks;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** The command line of {@link LockBench}, validated. */
record Options(
        int iterations,
        int warmup,
        int rounds,
        Duration maxTime,
        Duration ttl,
        int takeovers,
        boolean skipMissing,
        Set<String> only) {

    static final String USAGE = "usage: LockBench [--iterations N] [--warmup N] [--rounds R] [--max-seconds S]"
            + " [--ttl 2s] [--takeovers K (0: none)] [--only BACKEND,...] [--skip-missing]";

    static Options parse(String[] args) {
        int iterations = 2000;
        Integer warmup = null;
        int rounds = 2;
        int maxSeconds = 20;
        Duration ttl = Duration.ofSeconds(2);
        int takeovers = 1;
        boolean skipMissing = false;
        Set<String> only = Set.of();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--skip-missing")) {
                skipMissing = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + ": missing value");
            }
            String value = args[++i];
            switch (option) {
                case "--iterations" -> iterations = positive(option, value, 1_000_000);
                case "--warmup" -> warmup = positive(option, value, 1_000_000);
                case "--rounds" -> rounds = positive(option, value, 20);
                case "--max-seconds" -> maxSeconds = positive(option, value, 600);
                case "--ttl" -> ttl = duration(option, value);
                case "--takeovers" -> takeovers = value.equals("0") ? 0 : positive(option, value, 20);
                case "--only" -> only = Set.of(value.split(","));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new Options(
                iterations,
                warmup == null ? Math.max(100, iterations / 2) : warmup,
                rounds,
                Duration.ofSeconds(maxSeconds),
                ttl,
                takeovers,
                skipMissing,
                only);
    }

    private static int positive(String option, String value, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": " + value + " (expected: 1 to " + max + ")");
    }

    /** {@code 2s}, {@code 1500ms} or ISO-8601 ({@code PT2S}); between 500 ms and 10 s. */
    static Duration duration(String option, String value) {
        Duration d;
        try {
            String v = value.toLowerCase(Locale.ROOT);
            if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s") && !v.startsWith("pt")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            } else {
                d = Duration.parse(value);
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + ": " + value + " (expected: a duration such as 2s or 1500ms)");
        }
        if (d.compareTo(Duration.ofMillis(500)) < 0 || d.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException(option + ": " + value + " (expected: 500ms to 10s)");
        }
        return d;
    }
}
