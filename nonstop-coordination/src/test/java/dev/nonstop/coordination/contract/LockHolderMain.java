package dev.nonstop.coordination.contract;

import dev.nonstop.coordination.Lease;
import dev.nonstop.coordination.LockService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A lock holder in its own JVM, driven by the contract tests. Prints one event per line on stdout.
 *
 * <pre>
 * LockHolderMain FACTORY hold NAME TTL_MS [key=value...]
 *   ACQUIRED token | HEARTBEAT token valid (every 100 ms) | LOST token reason; exits after 60 s
 * LockHolderMain FACTORY contend NAME TTL_MS ITERATIONS LOG_FILE [key=value...]
 *   appends "ENTER token pid" and "EXIT token pid" to LOG_FILE while holding; prints DONE
 * </pre>
 */
public final class LockHolderMain {

    private static final Duration MAX_LIFE = Duration.ofSeconds(60);

    private LockHolderMain() {}

    public static void main(String[] args) throws Exception {
        LockServiceFactory factory = (LockServiceFactory)
                Class.forName(args[0]).getDeclaredConstructor().newInstance();
        String mode = args[1];
        String name = args[2];
        Duration ttl = Duration.ofMillis(Long.parseLong(args[3]));
        int firstSetting = mode.equals("contend") ? 6 : 4;
        Map<String, String> settings = new HashMap<>();
        for (int i = firstSetting; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            settings.put(kv[0], kv[1]);
        }
        try (LockService locks = factory.create(settings)) {
            if (mode.equals("hold")) {
                hold(locks, name, ttl);
            } else {
                contend(locks, name, ttl, Integer.parseInt(args[4]), Path.of(args[5]));
            }
        }
        System.exit(0);
    }

    private static void hold(LockService locks, String name, Duration ttl) throws InterruptedException {
        Lease lease = locks.acquire(name, ttl, Duration.ofSeconds(30));
        lease.addListener((l, reason) -> println("LOST " + l.fencingToken() + " " + reason));
        println("ACQUIRED " + lease.fencingToken());
        long end = System.nanoTime() + MAX_LIFE.toNanos();
        while (System.nanoTime() < end) {
            println("HEARTBEAT " + lease.fencingToken() + " " + lease.isValid());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private static void contend(LockService locks, String name, Duration ttl, int iterations, Path log)
            throws InterruptedException, IOException {
        long pid = ProcessHandle.current().pid();
        for (int i = 0; i < iterations; i++) {
            try (Lease lease = locks.acquire(name, ttl, Duration.ofSeconds(30))) {
                append(log, "ENTER " + lease.fencingToken() + " " + pid);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // the protected work
                append(log, "EXIT " + lease.fencingToken() + " " + pid);
            }
        }
        println("DONE");
    }

    private static void append(Path log, String line) throws IOException {
        Files.write(
                log,
                (line + "\n").getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static synchronized void println(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
