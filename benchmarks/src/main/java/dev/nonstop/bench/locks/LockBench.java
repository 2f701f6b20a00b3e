package dev.nonstop.bench.locks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Nonstop's lease locks against Redisson and Curator, on the same servers, in one run. Data on
 * stdout (progress on stderr), the last line {@code redis_ratio=<ours/redisson> zk_ratio=<ours/curator>}
 * (ops/s, 3 decimals, {@code n/a} when a store was missing).
 *
 * <pre>
 * LockBench [--iterations N] [--warmup N] [--rounds R] [--max-seconds S] [--ttl 2s] [--takeovers K]
 *           [--only h2,postgresql,mariadb,redis,zookeeper,etcd] [--skip-missing]
 * </pre>
 *
 * Exit codes: 0 measured, 1 a measurement failed (see the table), 2 bad options, 3 a store is
 * missing (without {@code --skip-missing}).
 */
public final class LockBench {

    private final Options options;
    private final PrintStream out;
    private final PrintStream err;
    private final String runId = Long.toString(ProcessHandle.current().pid());

    private LockBench(Options options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("locks: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new LockBench(options, System.out, System.err).run());
    }

    private int run() throws InterruptedException, IOException {
        try (BenchStores stores = BenchStores.start(err)) {
            List<String> missing = stores.missing().entrySet().stream()
                    .filter(e -> options.only().isEmpty() || options.only().contains(e.getKey()))
                    .map(Map.Entry::getValue)
                    .toList();
            if (!missing.isEmpty() && !options.skipMissing()) {
                err.println("locks: start the missing stores, or pass --skip-missing to measure the others");
                return 3;
            }
            String loadBefore = loadAverage();
            List<Row> rows = new ArrayList<>();
            for (Subject subject : stores.subjects(options.ttl())) {
                if (options.only().isEmpty() || options.only().contains(subject.backend())) {
                    rows.add(new Row(subject));
                }
            }
            try {
                openClients(rows);
                measureThroughput(rows);
                measureTakeovers(rows);
            } finally {
                for (Row row : rows) {
                    row.closeClient(err);
                }
            }
            printTable(rows, loadBefore, missing);
            return rows.stream().anyMatch(r -> !r.failures.isEmpty()) ? 1 : 0;
        }
    }

    private void openClients(List<Row> rows) {
        for (Row row : rows) {
            try {
                row.client = row.subject.kind().open(row.subject.settings(), options.ttl());
            } catch (RuntimeException e) {
                row.failures.add("cannot open: " + e.getMessage());
            }
        }
    }

    /** Warm-up of each, then rounds that visit every row in turn (A B A B), so drift hits all alike. */
    private void measureThroughput(List<Row> rows) throws InterruptedException {
        List<Row> measured = rows.stream()
                .filter(r -> r.subject.throughput() && r.client != null)
                .toList();
        for (Row row : measured) {
            err.printf("locks: warm-up %s (%d ops, at most 10 s)%n", row.subject.label(), options.warmup());
            runSafely(
                    row,
                    () -> Uncontended.run(
                            row.client, lockName(row, "uncontended"), options.warmup(), Duration.ofSeconds(10), null));
        }
        for (int round = 1; round <= options.rounds(); round++) {
            for (Row row : measured) {
                if (!row.failures.isEmpty()) {
                    continue;
                }
                err.printf("locks: round %d %s%n", round, row.subject.label());
                runSafely(
                        row,
                        () -> Uncontended.run(
                                row.client,
                                lockName(row, "uncontended"),
                                options.iterations(),
                                options.maxTime(),
                                row.samples));
            }
        }
    }

    private void measureTakeovers(List<Row> rows) throws InterruptedException {
        Duration ttl = options.ttl();
        Duration holdFor = ttl.plus(ttl.dividedBy(2)); // long enough for the holder to have renewed
        for (Row row : rows) {
            if (row.client == null) {
                continue;
            }
            long holderLeaseMs = Long.parseLong(
                    row.subject.holderSettings().getOrDefault("watchdogMs", Long.toString(ttl.toMillis())));
            Duration maxWait = Duration.ofMillis(2 * holderLeaseMs + 10_000);
            for (int i = 1; i <= options.takeovers(); i++) {
                err.printf("locks: takeover %d %s%n", i, row.subject.label());
                try {
                    Takeover.Result result = Takeover.measure(
                            row.client,
                            row.subject.holderKind(),
                            row.subject.holderSettings(),
                            lockName(row, "takeover-" + i),
                            ttl,
                            holdFor,
                            maxWait);
                    if (result.failure() != null) {
                        row.failures.add("takeover " + i + ": " + result.failure());
                    } else {
                        row.takeovers.add(result.takeover());
                    }
                } catch (IOException | RuntimeException e) {
                    row.failures.add("takeover " + i + ": " + e);
                }
            }
        }
    }

    private interface Measurement {
        void run() throws InterruptedException;
    }

    private void runSafely(Row row, Measurement measurement) throws InterruptedException {
        try {
            measurement.run();
        } catch (RuntimeException e) {
            row.failures.add("uncontended: " + e);
        }
    }

    private String lockName(Row row, String purpose) {
        String slug = (row.subject.backend() + "-" + row.subject.lock()).replaceAll("[^A-Za-z0-9]+", "-");
        return "bench-" + runId + "-" + slug + "-" + purpose;
    }

    private void printTable(List<Row> rows, String loadBefore, List<String> missing) {
        Duration ttl = options.ttl();
        Duration target = ttl.plus(ttl.dividedBy(3));
        out.printf(
                Locale.ROOT,
                "locks: ttl %d ms, renewal every %d ms, takeover target <= %d ms; %d rounds x %d ops after %d"
                        + " warm-up ops; cpus %d; load %s -> %s%n",
                ttl.toMillis(),
                ttl.dividedBy(3).toMillis(),
                target.toMillis(),
                options.rounds(),
                options.iterations(),
                options.warmup(),
                Runtime.getRuntime().availableProcessors(),
                loadBefore,
                loadAverage());
        String format = "%-10s %-33s %10s %8s %8s %12s  %s%n";
        out.printf(Locale.ROOT, format, "backend", "lock", "ops/s", "p50 ms", "p99 ms", "takeover ms", "<= target");
        for (Row row : rows) {
            boolean hasOps = row.samples.count() > 0;
            Duration worst = row.takeovers.stream().max(Duration::compareTo).orElse(null);
            out.printf(
                    Locale.ROOT,
                    format,
                    row.subject.backend(),
                    row.subject.lock(),
                    hasOps ? String.format(Locale.ROOT, "%.0f", row.samples.opsPerSecond()) : "-",
                    hasOps ? String.format(Locale.ROOT, "%.3f", row.samples.quantileMillis(0.50)) : "-",
                    hasOps ? String.format(Locale.ROOT, "%.3f", row.samples.quantileMillis(0.99)) : "-",
                    worst == null ? "-" : Long.toString(worst.toMillis()),
                    worst == null ? "-" : (worst.compareTo(target) <= 0 ? "yes" : "no"));
        }
        for (Row row : rows) {
            if (row.subject.holdNote() != null) {
                out.println("  " + row.subject.holdNote());
            }
            if (row.samples.count() > 0 && row.samples.count() < options.rounds() * options.iterations()) {
                out.printf(
                        "  %s: %d ops (time bound of %d s per round reached)%n",
                        row.subject.label(),
                        row.samples.count(),
                        options.maxTime().toSeconds());
            }
            if (row.samples.roundOpsPerSecond().size() > 1) {
                out.printf(
                        Locale.ROOT,
                        "  %s: ops/s by round %s%n",
                        row.subject.label(),
                        row.samples.roundOpsPerSecond().stream()
                                .map(v -> String.format(Locale.ROOT, "%.0f", v))
                                .toList());
            }
            if (row.takeovers.size() > 1) {
                out.printf(
                        "  %s: takeovers %s ms (worst shown)%n",
                        row.subject.label(),
                        row.takeovers.stream().map(Duration::toMillis).toList());
            }
            for (String failure : row.failures) {
                out.printf("  FAILED %s: %s%n", row.subject.label(), failure);
            }
        }
        for (String m : missing) {
            out.println("  missing: " + m);
        }
        out.println("redis_ratio=" + ratio(rows, "redis", "redisson RLock") + " zk_ratio="
                + ratio(rows, "zookeeper", "curator InterProcessMutex"));
    }

    private static String ratio(List<Row> rows, String backend, String peer) {
        Map<String, Row> byLock = new LinkedHashMap<>();
        rows.stream().filter(r -> r.subject.backend().equals(backend)).forEach(r -> byLock.put(r.subject.lock(), r));
        Row ours = byLock.get("nonstop lease");
        Row theirs = byLock.get(peer);
        if (ours == null || theirs == null || ours.samples.count() == 0 || theirs.samples.count() == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.3f", ours.samples.opsPerSecond() / theirs.samples.opsPerSecond());
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** One row's client and results. */
    private static final class Row {
        final Subject subject;
        final Samples samples = new Samples();
        final List<Duration> takeovers = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        LockClient client;

        Row(Subject subject) {
            this.subject = subject;
        }

        void closeClient(PrintStream err) {
            if (client == null) {
                return;
            }
            try {
                client.close();
            } catch (RuntimeException e) {
                err.println("locks: closing " + subject.label() + ": " + e);
            }
        }
    }
}
