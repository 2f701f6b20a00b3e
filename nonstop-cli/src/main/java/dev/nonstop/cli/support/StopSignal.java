package dev.nonstop.cli.support;

import dev.nonstop.cli.ExitCodes;
import java.util.concurrent.CountDownLatch;

/**
 * How the long-running commands ({@code up}, {@code controller}, {@code agent}, {@code gateway}) run until SIGTERM or
 * Ctrl-C: the calling thread waits; the JVM's shutdown hook stops what the command started, then halts with {@link
 * ExitCodes#OK}. A JVM stopped by a signal would exit 143 or 130; having stopped cleanly, it exits 0 instead.
 */
public final class StopSignal {
    private StopSignal() {}

    /**
     * Blocks until the JVM is asked to stop, runs {@code stop} in a shutdown hook thread named {@code threadName},
     * flushes stdout and stderr and halts.
     *
     * @return {@link ExitCodes#OK} should the waiting thread be interrupted before the hook halts the JVM
     */
    public static int await(String threadName, Runnable stop) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                stop.run();
                            } finally {
                                stopped.countDown();
                                System.out.flush();
                                System.err.flush();
                                Runtime.getRuntime().halt(ExitCodes.OK);
                            }
                        },
                        threadName));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }
}
