package dev.nonstop.bench.release;

import dev.nonstop.testing.load.LoadGenerator;
import dev.nonstop.testing.load.LoadRun;
import dev.nonstop.testing.load.LoadTimeoutException;
import dev.nonstop.testing.load.Report;
import dev.nonstop.testing.load.RequestSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load of one setup of {@code bench/release-under-load}, and the statistics of a window of it.
 *
 * <pre>
 * ReleaseLoad run --target 127.0.0.1:8080 --out PREFIX [--duration 30] [--rate 0] [--timeout 10]
 *                 [--get CONNECTIONS:PATH] [--post CONNECTIONS:PATH:BYTES] [--slow CONNECTIONS:PATH]
 * ReleaseLoad window --from EPOCH_MS --to EPOCH_MS [--since EPOCH_MS] [--timeline FILE] PREFIX
 * </pre>
 *
 * {@code run} drives one {@link LoadGenerator} per kind of request (GET, POST, slow GET) in this JVM, each with its
 * own keep-alive connections, for {@code --duration} seconds; {@code --rate} (requests/s, 0 for a closed loop) paces
 * the GET (2/3) and POST (1/3) connections. It writes each kind's report to {@code PREFIX-<kind>.txt} (first line:
 * {@link Report#summary()}) and every request's end time and latency to {@code PREFIX-<kind>.timeline}.
 *
 * <p>{@code window} reads the timelines of a run and prints three lines: {@code during_release:} the requests that
 * succeeded with an end inside [from, to] per second of the window, their latency percentiles, the failed ones, and
 * the p99 of the fast (GET, POST) and of the slow requests apart; {@code
 * before_release:} the same over [since, from) (since: 1 s after the first request when absent); {@code
 * from_release_start:} the same from {@code from} to the run's last request (the release and what follows it, such
 * as the warm-up of the JVMs it started). {@code --timeline} writes successes, failures and p99 per 500 ms of the
 * whole run.
 */
public final class ReleaseLoad {
    private ReleaseLoad() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("run") || args[0].equals("window"))) {
            System.err.println("usage: ReleaseLoad run|window ... (see the class's javadoc)");
            System.exit(2);
        }
        Map<String, String> options = new LinkedHashMap<>();
        List<String> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                if (i + 1 >= args.length) {
                    System.err.println("ReleaseLoad: " + args[i] + ": missing value");
                    System.exit(2);
                }
                options.put(args[i].substring(2), args[++i]);
            } else {
                files.add(args[i]);
            }
        }
        try {
            System.exit(args[0].equals("run") ? run(options) : window(options, files, System.out));
        } catch (IllegalArgumentException e) {
            System.err.println("ReleaseLoad: " + e.getMessage());
            System.exit(2);
        }
    }

    private static int run(Map<String, String> o) throws IOException, InterruptedException {
        String[] target = required(o, "target").split(":");
        if (target.length != 2) {
            throw new IllegalArgumentException("--target: " + o.get("target") + " (expected: host:port)");
        }
        String host = target[0];
        int port = integer("target port", target[1]);
        Path out = Path.of(required(o, "out"));
        Duration duration = Duration.ofSeconds(integer("duration", o.getOrDefault("duration", "30")));
        Duration timeout = Duration.ofSeconds(integer("timeout", o.getOrDefault("timeout", "10")));
        int rate = integer("rate", o.getOrDefault("rate", "0"));
        Map<String, Timeline> timelines = new LinkedHashMap<>();
        Map<String, LoadRun> runs = new LinkedHashMap<>();
        for (String kind : List.of("get", "post", "slow")) {
            String spec = o.get(kind);
            if (spec == null || spec.isEmpty()) {
                continue;
            }
            String[] parts = spec.split(":", 3);
            int connections = integer(kind + " connections", parts[0]);
            if (connections == 0) {
                continue;
            }
            if (parts.length < 2 || !parts[1].startsWith("/")) {
                throw new IllegalArgumentException("--" + kind + ": " + spec + " (expected: CONNECTIONS:/path"
                        + (kind.equals("post") ? ":BYTES" : "") + ")");
            }
            RequestSpec request = kind.equals("post")
                    ? RequestSpec.post(parts[1], parts.length > 2 ? integer("post bytes", parts[2]) : 512)
                    : RequestSpec.get(parts[1]);
            Timeline timeline = new Timeline();
            timelines.put(kind, timeline);
            LoadGenerator.Builder load = LoadGenerator.builder()
                    .target(host, port)
                    .connections(connections)
                    .requestIdPrefix(kind)
                    .maxDuration(duration)
                    .readTimeout(timeout)
                    .outcomeListener(timeline)
                    .request(1, request);
            if (rate > 0 && !kind.equals("slow")) {
                load.rate(kind.equals("get") ? rate * 2 / 3 : rate - rate * 2 / 3);
            }
            runs.put(kind, load.build().start());
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("--get, --post, --slow: none given (expected: at least one)");
        }
        long failed = 0;
        for (Map.Entry<String, LoadRun> e : runs.entrySet()) {
            Report report;
            try (LoadRun run = e.getValue()) {
                report = run.awaitCompletion(duration.plus(timeout).plusSeconds(10));
            } catch (LoadTimeoutException t) {
                report = t.report();
            }
            failed += report.failed();
            Path file = out.resolveSibling(out.getFileName() + "-" + e.getKey() + ".txt");
            Files.writeString(file, report + "\n");
        }
        for (Map.Entry<String, Timeline> e : timelines.entrySet()) {
            e.getValue().write(out.resolveSibling(out.getFileName() + "-" + e.getKey() + ".timeline"));
        }
        return failed == 0 ? 0 : 1;
    }

    static int window(Map<String, String> o, List<String> files, PrintStream out) throws IOException {
        long from = Long.parseLong(required(o, "from")) * 1000;
        long to = Long.parseLong(required(o, "to")) * 1000;
        if (to <= from) {
            throw new IllegalArgumentException(
                    "--to: " + o.get("to") + " (expected: after --from " + o.get("from") + ")");
        }
        if (files.size() != 1) {
            throw new IllegalArgumentException("PREFIX: " + files + " (expected: one, the --out of the run)");
        }
        List<long[]> data = new ArrayList<>();
        List<long[]> fast = new ArrayList<>();
        List<long[]> slow = new ArrayList<>();
        for (String kind : List.of("get", "post", "slow")) {
            Path f = Path.of(files.get(0) + "-" + kind + ".timeline");
            if (Files.exists(f)) {
                List<long[]> one = new ArrayList<>();
                Timeline.read(f, one);
                data.addAll(one);
                (kind.equals("slow") ? slow : fast).addAll(one);
            }
        }
        if (data.isEmpty()) {
            throw new IllegalArgumentException("PREFIX: " + files.get(0) + " (expected: PREFIX-get.timeline, ...)");
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < data.size(); i += 2) {
            for (long end : data.get(i)) {
                first = Math.min(first, end);
                last = Math.max(last, end);
            }
        }
        long since = o.containsKey("since") ? Long.parseLong(o.get("since")) * 1000 : first + 1_000_000;
        out.println("during_release: " + stats(data, fast, slow, from, to));
        out.println("before_release: "
                + (since < from ? stats(data, fast, slow, since, from) : "(no time before the release)"));
        out.println("from_release_start: "
                + (from < last ? stats(data, fast, slow, from, last + 1) : "(no request after the release's start)"));
        if (o.containsKey("timeline") && first <= last) {
            StringBuilder text =
                    new StringBuilder("# t_s (since the first request), succeeded, failed, p99_ms per 500 ms;"
                            + " release from " + String.format(Locale.ROOT, "%.2f", (from - first) / 1e6) + " s to "
                            + String.format(Locale.ROOT, "%.2f", (to - first) / 1e6) + " s\n");
            for (long t = first; t <= last; t += 500_000) {
                Window w = Window.of(data, t, t + 500_000);
                text.append(String.format(
                        Locale.ROOT, "%.1f %d %d %.2f%n", (t - first) / 1e6, w.latencies.length, w.failed, w.p(0.99)));
            }
            Files.writeString(Path.of(o.get("timeline")), text);
        }
        return 0;
    }

    /**
     * The successes per second and the latency percentiles of all requests, then the p99 of the fast requests (GET
     * and POST: what the load is made of) apart from the slow ones' (which take their fixed delay at least: about 2%
     * of the requests, they make the p99 of all the slow requests' latency).
     */
    private static String stats(List<long[]> data, List<long[]> fast, List<long[]> slow, long from, long to) {
        Window w = Window.of(data, from, to);
        double seconds = (to - from) / 1e6;
        return String.format(
                Locale.ROOT,
                "requests=%d rps=%.0f p50=%.2fms p99=%.2fms max=%.2fms failed=%d window=%.2fs fast_p99=%.2fms slow_p99=%.2fms",
                w.latencies.length,
                w.latencies.length / seconds,
                w.p(0.50),
                w.p(0.99),
                w.p(1.0),
                w.failed,
                seconds,
                Window.of(fast, from, to).p(0.99),
                Window.of(slow, from, to).p(0.99));
    }

    /** The successes' latencies (sorted, microseconds) and the failures with an end in [from, to). */
    private record Window(long[] latencies, long failed) {
        static Window of(List<long[]> data, long from, long to) {
            long failed = 0;
            int n = 0;
            long[] latencies = new long[1024];
            for (int i = 0; i < data.size(); i += 2) {
                long[] ends = data.get(i);
                long[] lat = data.get(i + 1);
                for (int j = 0; j < ends.length; j++) {
                    if (ends[j] < from || ends[j] >= to) {
                        continue;
                    }
                    if (lat[j] == Timeline.FAILED) {
                        failed++;
                    } else {
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = lat[j];
                    }
                }
            }
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            return new Window(sorted, failed);
        }

        /** The nearest-rank percentile in milliseconds; 0 without successes. */
        double p(double quantile) {
            if (latencies.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(quantile * latencies.length);
            return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))] / 1000.0;
        }
    }

    private static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + ": missing");
        }
        return v;
    }

    private static int integer(String name, String value) {
        try {
            int v = Integer.parseInt(value);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: an integer >= 0)");
        }
    }
}
