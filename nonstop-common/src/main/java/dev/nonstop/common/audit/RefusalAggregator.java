package dev.nonstop.common.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns refused attempts into a bounded number of audit records: per caller and minute, the first refusal is
 * recorded at once, the ones that follow are only counted, and the count is recorded once the minute is over (on
 * the next refusal or {@link #flush()}, whichever comes first) or at {@link #flushAll()}. At most {@code maxCallers}
 * callers are told apart in a minute; refusals of further callers share one bucket, {@link #OTHER_CALLERS}. So a
 * minute gives at most {@code 2 * (maxCallers + 1)} records however many attempts it sees, and the records' {@link
 * RefusedAttempts#attempts()} always add up to the number of refusals.
 *
 * <pre>{@code
 * RefusalAggregator refusals = new RefusalAggregator(Clock.systemUTC(), 1000, r -> audit.write(r));
 * refusals.refused("203.0.113.7", "POST /api/apps", "invalid token");
 * // and every few seconds, e.g. on the server's event loop:
 * refusals.flush();
 * }</pre>
 *
 * <p>Thread-safe. The sink runs on the calling thread, outside the aggregator's lock; a sink that throws is logged
 * and the record lost, never the caller's failure.
 */
public final class RefusalAggregator {
    /** The caller of the records that stand for callers beyond {@code maxCallers}. */
    public static final String OTHER_CALLERS = "(other callers)";

    private static final Logger log = LoggerFactory.getLogger(RefusalAggregator.class);

    private final Clock clock;
    private final int maxCallers;
    private final Consumer<RefusedAttempts> sink;
    private final Map<String, Bucket> buckets = new HashMap<>();
    private Instant minute = Instant.MIN;

    /** The attempts of one caller in the current minute after its first. */
    private static final class Bucket {
        long more;
        String what;
        String reason;
    }

    /**
     * @param maxCallers how many callers a minute tells apart, at least 1
     * @param sink writes a record (an audit row, a log line)
     */
    public RefusalAggregator(Clock clock, int maxCallers, Consumer<RefusedAttempts> sink) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sink = Objects.requireNonNull(sink, "sink");
        if (maxCallers < 1) {
            throw new IllegalArgumentException("maxCallers: " + maxCallers + " (expected: >= 1)");
        }
        this.maxCallers = maxCallers;
    }

    /** Records one refused attempt of {@code caller}: {@code what} was asked, {@code reason} is why it was refused. */
    public void refused(String caller, String what, String reason) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(reason, "reason");
        List<RefusedAttempts> records = new ArrayList<>(1);
        synchronized (this) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
            rollOver(now, records);
            String key = caller;
            Bucket bucket = buckets.get(key);
            if (bucket == null && namedCallers() >= maxCallers) {
                key = OTHER_CALLERS;
                reason = reason + " (from " + caller + ")";
                bucket = buckets.get(key);
            }
            if (bucket == null) {
                buckets.put(key, new Bucket());
                records.add(new RefusedAttempts(key, minute, 1, what, reason, false));
            } else {
                bucket.more++;
                bucket.what = what;
                bucket.reason = reason;
            }
        }
        emit(records);
    }

    /** Records the counts of minutes that are over; cheap when there are none. */
    public void flush() {
        List<RefusedAttempts> records = new ArrayList<>();
        synchronized (this) {
            rollOver(clock.instant().truncatedTo(ChronoUnit.MINUTES), records);
        }
        emit(records);
    }

    /** Records every count, the current minute's too (e.g. when the server stops). */
    public void flushAll() {
        List<RefusedAttempts> records = new ArrayList<>();
        synchronized (this) {
            summaries(records);
            buckets.values().forEach(b -> b.more = 0);
        }
        emit(records);
    }

    private int namedCallers() {
        return buckets.size() - (buckets.containsKey(OTHER_CALLERS) ? 1 : 0);
    }

    /** When {@code now} is a later minute than the buckets', adds their counts to {@code records} and empties them. */
    private void rollOver(Instant now, List<RefusedAttempts> records) {
        if (now.equals(minute)) {
            return;
        }
        summaries(records);
        buckets.clear();
        minute = now;
    }

    private void summaries(List<RefusedAttempts> records) {
        buckets.forEach((caller, b) -> {
            if (b.more > 0) {
                records.add(new RefusedAttempts(caller, minute, b.more, b.what, b.reason, true));
            }
        });
    }

    private void emit(List<RefusedAttempts> records) {
        for (RefusedAttempts record : records) {
            try {
                sink.accept(record);
            } catch (RuntimeException e) {
                log.warn("cannot record {}: {}", record, e.toString());
            }
        }
    }
}
