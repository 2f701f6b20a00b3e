package dev.nonstop.testing.upstream;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The command line of {@link TestUpstream#main}. Prints {@code LISTENING <port>} on stdout once
 * listening, runs until SIGTERM and stops gracefully. Exit codes: 0 stopped, 2 bad arguments, 3
 * cannot bind.
 */
final class TestUpstreamCommand {
    static final String USAGE = "usage: TestUpstream [--host 127.0.0.1] [--port 0] [--id upstream] [--threads 1]"
            + " [--quiet] [--bind-timeout-ms 0] [--idle-timeout-ms 0] [--shutdown-timeout-ms 10000]";

    private TestUpstreamCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        TestUpstreamOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("test-upstream: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        TestUpstream upstream;
        try {
            upstream = TestUpstream.start(options, out);
        } catch (UpstreamBindException e) {
            err.println("test-upstream: " + e.getMessage());
            return 3;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(upstream::close, "test-upstream-stop"));
        synchronized (out) {
            out.println("LISTENING " + upstream.port());
            out.flush();
        }
        try {
            upstream.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            upstream.close();
        }
        return 0;
    }

    static TestUpstreamOptions parse(String[] args) {
        TestUpstreamOptions.Builder builder = TestUpstreamOptions.builder();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--quiet")) {
                builder.printRequestIds(false);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + ": missing value");
            }
            String value = args[++i];
            switch (name) {
                case "--host" -> builder.host(value);
                case "--port" -> builder.port(integer(name, value));
                case "--id" -> builder.id(value);
                case "--threads" -> builder.threads(integer(name, value));
                case "--bind-timeout-ms" -> builder.bindTimeout(Duration.ofMillis(integer(name, value)));
                case "--idle-timeout-ms" -> builder.idleTimeout(Duration.ofMillis(integer(name, value)));
                case "--shutdown-timeout-ms" -> builder.shutdownTimeout(Duration.ofMillis(integer(name, value)));
                default -> throw new IllegalArgumentException(name + ": unknown option");
            }
        }
        return builder.build();
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' (expected: an integer)");
        }
    }
}
