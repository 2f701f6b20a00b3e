package dev.nonstop.testing.load;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * The command line of {@link LoadGenerator#main}: GETs one URL and prints {@link Report#summary()}
 * on stdout. Exit codes: 0 no failed request, 1 some failed, 2 bad arguments.
 */
final class LoadGeneratorCommand {
    static final String USAGE = "usage: LoadGenerator --url http://host:port/path [--connections 16]"
            + " [--duration 10s] [--requests N] [--rate REQUESTS_PER_S] [--timeout 10s] [--post BYTES] [--no-keep-alive] [--verbose]";

    private LoadGeneratorCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        LoadGenerator load;
        boolean verbose;
        try {
            verbose = java.util.Arrays.asList(args).contains("--verbose");
            load = parse(args);
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("load: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Report report;
        try (LoadRun run = load.start()) {
            report = run.awaitCompletion(
                    load.maxDuration().plus(load.readTimeout()).plusSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (LoadTimeoutException e) {
            report = e.report();
        }
        out.println(verbose ? report.toString() : report.summary());
        out.flush();
        return report.failed() == 0 ? 0 : 1;
    }

    static LoadGenerator parse(String[] args) {
        LoadGenerator.Builder builder = LoadGenerator.builder().connections(16).maxDuration(Duration.ofSeconds(10));
        String path = null;
        int postBytes = -1;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--no-keep-alive")) {
                builder.keepAlive(false);
                continue;
            }
            if (name.equals("--verbose")) {
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + ": missing value");
            }
            String value = args[++i];
            switch (name) {
                case "--url" -> {
                    URI uri = URI.create(value);
                    if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                        throw new IllegalArgumentException("url: '" + value + "' (expected: http://host[:port]/path)");
                    }
                    builder.target(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
                    String rawPath =
                            uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                    path = uri.getRawQuery() == null ? rawPath : rawPath + "?" + uri.getRawQuery();
                }
                case "--connections" -> builder.connections((int) number(name, value));
                case "--requests" -> builder.maxRequests(number(name, value));
                case "--rate" -> builder.rate(rate(name, value));
                case "--duration" -> builder.maxDuration(duration(name, value));
                case "--timeout" -> builder.readTimeout(duration(name, value));
                case "--post" -> postBytes = (int) number(name, value);
                default -> throw new IllegalArgumentException(name + ": unknown option");
            }
        }
        if (path == null) {
            throw new IllegalArgumentException("--url: missing");
        }
        builder.request(1, postBytes >= 0 ? RequestSpec.post(path, postBytes) : RequestSpec.get(path));
        return builder.build();
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}, ISO-8601 ({@code PT10S}) or plain seconds. */
    static Duration duration(String name, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt")) {
                return Duration.parse(value);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' (expected: e.g. 500ms, 10s, 2m)");
        }
    }

    private static double rate(String name, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' (expected: requests per second, > 0)");
        }
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' (expected: an integer)");
        }
    }
}
