package dev.nonstop.bench.release;

import dev.nonstop.testing.load.OutcomeListener;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every request's outcome, as a long each: the end time in microseconds since the start of the run in the high 40
 * bits, the latency in microseconds (or {@link #FAILED}) in the low 24. Kept in memory during the run (8 bytes a
 * request), written to a file at its end with the wall-clock time of its start, so that windows given in epoch
 * milliseconds (the bench script's clock) can be cut out of it afterwards. Thread-safe.
 */
final class Timeline implements OutcomeListener {
    static final long FAILED = (1L << 24) - 1;
    private static final int CHUNK = 1 << 16;

    private final long startNanos = System.nanoTime();
    private final long startEpochMicros = System.currentTimeMillis() * 1000;
    private final List<long[]> chunks = new ArrayList<>();
    private long[] current = new long[CHUNK];
    private int used;

    @Override
    public void outcome(long endNanos, long latencyNanos, boolean succeeded) {
        long end = Math.max(0, (endNanos - startNanos) / 1000);
        long latency = succeeded ? Math.min(FAILED - 1, Math.max(0, latencyNanos / 1000)) : FAILED;
        long record = end << 24 | latency;
        synchronized (this) {
            if (used == CHUNK) {
                chunks.add(current);
                current = new long[CHUNK];
                used = 0;
            }
            current[used++] = record;
        }
    }

    synchronized void write(Path file) throws IOException {
        try (DataOutputStream out =
                new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeLong(startEpochMicros);
            out.writeLong((long) chunks.size() * CHUNK + used);
            for (long[] chunk : chunks) {
                for (long r : chunk) {
                    out.writeLong(r);
                }
            }
            for (int i = 0; i < used; i++) {
                out.writeLong(current[i]);
            }
        }
    }

    /** Adds the records of {@code file} to {@code into} as (end in epoch microseconds, latency or FAILED) pairs. */
    static void read(Path file, List<long[]> into) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            long base = in.readLong();
            long n = in.readLong();
            long[] ends = new long[Math.toIntExact(n)];
            long[] latencies = new long[ends.length];
            for (int i = 0; i < ends.length; i++) {
                long r = in.readLong();
                ends[i] = base + (r >>> 24);
                latencies[i] = r & FAILED;
            }
            into.add(ends);
            into.add(latencies);
        }
    }
}
