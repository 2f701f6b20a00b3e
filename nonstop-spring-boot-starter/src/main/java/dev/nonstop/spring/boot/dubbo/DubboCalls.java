package dev.nonstop.spring.boot.dubbo;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.dubbo.rpc.model.ApplicationModel;

/**
 * The RPC calls a Dubbo application is serving: one per {@link ApplicationModel} (kept in its bean
 * factory), so that several Dubbo applications in one JVM count apart. Fed by {@link
 * InFlightFilter}. Thread-safe.
 */
public final class DubboCalls {

    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private volatile long lastActivityNanos = System.nanoTime();

    /** The counter of {@code application}, created on first use. */
    public static DubboCalls of(ApplicationModel application) {
        return application.getBeanFactory().getOrRegisterBean(DubboCalls.class);
    }

    void enter() {
        inFlight.incrementAndGet();
        total.incrementAndGet();
        lastActivityNanos = System.nanoTime();
    }

    void exit() {
        inFlight.decrementAndGet();
        lastActivityNanos = System.nanoTime();
    }

    /** The calls being served now. */
    public long inFlight() {
        return inFlight.get();
    }

    /** The calls served since the application started. */
    public long total() {
        return total.get();
    }

    /** {@link System#nanoTime()} when a call last started or ended (or when counting started). */
    public long lastActivityNanos() {
        return lastActivityNanos;
    }
}
