package dev.nonstop.testing.upstream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Kills, when the JVM exits, every upstream process still running: tests never leak processes. */
final class ProcessReaper {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "upstream-process-reaper"));
    }

    private ProcessReaper() {}

    static void register(Process process) {
        LIVE.add(process);
    }

    static void forget(Process process) {
        LIVE.remove(process);
    }
}
