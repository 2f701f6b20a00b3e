package dev.nonstop.bench.locks;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The holder of the takeover measurement, in a child JVM with the benchmark's classpath: acquires
 * the lock, prints {@code ACQUIRED}, and keeps it (renewed by its implementation) until it is killed,
 * or for at most 120 s.
 *
 * <pre>
 * LockHolder KIND NAME TTL_MS [key=value...]
 * </pre>
 */
public final class LockHolder {

    private static final Duration MAX_LIFE = Duration.ofSeconds(120);

    private LockHolder() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: LockHolder KIND NAME TTL_MS [key=value...]");
            System.exit(2);
        }
        Kind kind = Kind.valueOf(args[0]);
        String name = args[1];
        Duration ttl = Duration.ofMillis(Long.parseLong(args[2]));
        Map<String, String> settings = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            settings.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        try (LockClient client = kind.open(settings, ttl);
                LockClient.Held held = client.acquire(name, Duration.ofSeconds(30))) {
            System.out.println("ACQUIRED");
            System.out.flush();
            long end = System.nanoTime() + MAX_LIFE.toNanos();
            while (System.nanoTime() < end) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }
        System.exit(0);
    }
}
